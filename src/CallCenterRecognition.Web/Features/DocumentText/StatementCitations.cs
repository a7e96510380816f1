using System.Text.RegularExpressions;
using CallCenterRecognition.Packets;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.DocumentText;

// A quote added to the statement carries a token naming its document and page, "[cite:1a2b3c4d p3]", not an exhibit letter: the
// letters are settled only when the packet is built, and a later upload may move them. The packet (and the claim page) put the
// exhibit and its Bates label in its place.
public static partial class StatementCitations
{
    public static string Token(Guid documentId, int? page) =>
        page is { } p ? $"[cite:{Short(documentId)} p{p}]" : $"[cite:{Short(documentId)}]";

    // Pages of a PDF or an image are the exhibit's pages; a Word file, a sheet or an e-mail is laid out anew, so only the exhibit is cited.
    public static bool PagesMatch(string contentType) => contentType is ContentSniffer.Pdf or ContentSniffer.Png or ContentSniffer.Jpeg or ContentSniffer.Tiff;

    // forPacket: a citation of a document no longer in the claim is dropped rather than printed for CalHR to read.
    public static string Resolve(string facts, IReadOnlyList<DocumentRow> exhibitsInOrder, string claimNumber, bool forPacket)
    {
        if (!facts.Contains("[cite:", StringComparison.Ordinal))
        {
            return facts;
        }

        var letters = exhibitsInOrder.Select((d, i) => (Key: Short(d.Id), Letter: ExhibitNumbering.Letter(i), Document: d))
            .GroupBy(x => x.Key, StringComparer.Ordinal).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var resolved = CitationPattern().Replace(facts, match =>
        {
            if (!letters.TryGetValue(match.Groups["id"].Value, out var exhibit))
            {
                return forPacket ? string.Empty : "(citation of a document no longer in the claim)";
            }

            var page = match.Groups["page"].Success && PagesMatch(exhibit.Document.ContentType) ? int.Parse(match.Groups["page"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            return page is { } p
                ? $"(Exhibit {exhibit.Letter}, p. {p}, {ExhibitNumbering.Bates(claimNumber, exhibit.Letter, p)})"
                : $"(Exhibit {exhibit.Letter}, {ExhibitNumbering.Bates(claimNumber, exhibit.Letter, 1)})";
        });
        return forPacket ? SpaceBeforePunctuation().Replace(resolved, "$1") : resolved;
    }

    // What the packet will print, for the claim page; null when the statement cites nothing.
    public static async Task<string?> PreviewAsync(AppDbContext db, Guid claimId, string claimNumber, string facts, CancellationToken cancellationToken)
    {
        if (!facts.Contains("[cite:", StringComparison.Ordinal))
        {
            return null;
        }

        var documents = await db.Documents.AsNoTracking().Where(d => d.ClaimId == claimId && d.DeletedAt == null).ToListAsync(cancellationToken);
        return Resolve(facts, Features.Packets.PacketService.InExhibitOrder(documents), claimNumber, forPacket: false);
    }

    private static string Short(Guid id) => id.ToString("N")[..8];

    [GeneratedRegex(@"\[cite:(?<id>[0-9a-f]{8})(?: p(?<page>[1-9][0-9]{0,3}))?\]")]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@" +([.,;:])")]
    private static partial Regex SpaceBeforePunctuation();
}
