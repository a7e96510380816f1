using System.Globalization;
using CallCenterRecognition.Evidence;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Language;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CallCenterRecognition.Web.Features.DocumentText;

public sealed record SentDocument(string FileName, string FiledAs, string? Note);

// What a member sent through their link, and what the app made of it, in the member's words: the category it is filed under and,
// until a representative confirms it, what its text suggests. Only this link's uploads: a member never sees another's files.
public sealed class MemberUploads(AppDbContext db, DocumentCategoryText categories, IStringLocalizer<MemberText> text)
{
    public const int Shown = 20;

    public async Task<IReadOnlyList<SentDocument>> ListAsync(MemberLinkRow link, CancellationToken cancellationToken)
    {
        var uploader = MemberLinks.Actor(link, string.Empty).Id;
        var rows = await db.Documents.AsNoTracking()
            .Where(d => d.ClaimId == link.ClaimId && d.UploadedById == uploader && d.DeletedAt == null)
            .OrderByDescending(d => d.UploadedAt)
            .Take(Shown)
            .Select(d => new { d.FileName, d.Category, d.CategorySource, d.SuggestedCategory, d.TextStatus })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(d => new SentDocument(
            d.FileName,
            string.Format(CultureInfo.CurrentCulture, text["Sent.FiledAs"].Value, categories.Title(d.Category)),
            d.CategorySource == DocumentCategorySources.Confirmed ? null
                : d.TextStatus == TextStatuses.Pending ? text["Sent.Reading"].Value
                : d.SuggestedCategory is { } suggested && suggested != d.Category ? string.Format(CultureInfo.CurrentCulture, text["Sent.Suggested"].Value, categories.Title(suggested))
                : d.CategorySource == DocumentCategorySources.Suggested ? text["Sent.Check"].Value
                : null))];
    }
}
