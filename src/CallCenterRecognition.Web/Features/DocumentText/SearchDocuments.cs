using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.DocumentText;

public sealed record SearchHit(Guid ClaimId, string ClaimNumber, Guid DocumentId, string FileName, int Page, string Snippet);

public sealed record SearchResults(string Query, IReadOnlyList<SearchHit> Items);

// Full-text search over the pages of the documents of the claims the caller may see: SQLite FTS5 or a PostgreSQL tsvector.
// Snippets are HTML-escaped with the matched words in <mark>.
public static partial class SearchDocuments
{
    public const int MaxQueryLength = 200;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    // Control characters the text never holds (the extractor drops them): the engines mark matches with them, and only after the
    // snippet is escaped do they become <mark> tags.
    private const char Open = '\u0002';
    private const char Close = '\u0003';

    public sealed class Row
    {
        public Guid ClaimId { get; set; }
        public string Number { get; set; } = string.Empty;
        public Guid DocumentId { get; set; }
        public string FileName { get; set; } = string.Empty;
        public int Page { get; set; }
        public string Snippet { get; set; } = string.Empty;
    }

    public sealed class Handler(AppDbContext db)
    {
        public async Task<SearchResults> HandleAsync(string query, Guid? claimId, int limit, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var words = Words(query);
            if (words.Count == 0)
            {
                return new SearchResults(query, []);
            }

            // Staff who see every claim search them all; a representative only the claims assigned to them.
            var everyone = user.SeesAllClaims();
            var userId = everyone ? string.Empty : user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "\0";
            var claim = claimId?.ToString() ?? string.Empty;
            List<Row> rows;
            if (db.Database.IsSqlite())
            {
                var match = string.Join(' ', words.Select(w => "\"" + w + "\""));
                rows = await db.Database.SqlQuery<Row>($"""
                    SELECT d."ClaimId", c."Number", p."DocumentId", d."FileName", p."Page",
                           snippet("DocumentTextSearch", 0, char(2), char(3), '…', 24) AS "Snippet"
                    FROM "DocumentTextSearch" s
                    JOIN "DocumentTextPages" p ON p."Id" = s.rowid
                    JOIN "Documents" d ON d."Id" = p."DocumentId"
                    JOIN "Claims" c ON c."Id" = d."ClaimId"
                    WHERE "DocumentTextSearch" MATCH {match} AND d."DeletedAt" IS NULL
                      AND ({everyone} OR c."AssignedRepresentativeId" = {userId})
                      AND ({claim} = '' OR d."ClaimId" = {claimId})
                    ORDER BY s.rank, p."Page"
                    LIMIT {limit}
                    """).ToListAsync(cancellationToken);
            }
            else
            {
                var text = string.Join(' ', words);
                rows = await db.Database.SqlQuery<Row>($"""
                    SELECT d."ClaimId", c."Number", p."DocumentId", d."FileName", p."Page",
                           ts_headline('english', p."Text", q, 'MaxFragments=1, MaxWords=30, MinWords=12, StartSel=' || chr(2) || ', StopSel=' || chr(3)) AS "Snippet"
                    FROM "DocumentTextPages" p
                    CROSS JOIN plainto_tsquery('english', {text}) q
                    JOIN "Documents" d ON d."Id" = p."DocumentId"
                    JOIN "Claims" c ON c."Id" = d."ClaimId"
                    WHERE p."Search" @@ q AND d."DeletedAt" IS NULL
                      AND ({everyone} OR c."AssignedRepresentativeId" = {userId})
                      AND ({claim} = '' OR d."ClaimId" = {claimId})
                    ORDER BY ts_rank(p."Search", q) DESC, p."Page"
                    LIMIT {limit}
                    """).ToListAsync(cancellationToken);
            }

            return new SearchResults(query, [.. rows.Select(r => new SearchHit(r.ClaimId, r.Number, r.DocumentId, r.FileName, r.Page, Mark(r.Snippet)))]);
        }
    }

    // Letters and digits only: the user's text never reaches the engines' query syntax.
    public static IReadOnlyList<string> Words(string query) =>
        [.. WordPattern().Matches(query).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Take(12)];

    public static string Mark(string snippet)
    {
        var escaped = WebUtility.HtmlEncode(Regex.Replace(snippet, @"\s+", " ").Trim());
        return escaped.Replace(Open.ToString(), "<mark>", StringComparison.Ordinal).Replace(Close.ToString(), "</mark>", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
