using System.Globalization;
using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.DocumentText;

// Adds one of a document's highlights to the end of the statement of facts, quoted, with a citation the packet turns into the
// exhibit and its Bates page. The statement's own rules apply: who may write it, filed statements locked, the claim's version.
public static class QuoteHighlight
{
    public sealed record Command(Guid? DocumentId, int? Highlight, int? ExpectedVersion);

    public sealed class Handler(AppDbContext db, EditStatement.Handler statement)
    {
        public async Task<EditStatement.Result> HandleAsync(Guid claimId, Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return new EditStatement.Result(EditStatement.Outcome.ClaimNotFound, Reason: "The claim was not found.");
            }

            var errors = new Infrastructure.FieldErrors();
            var document = command.DocumentId is { } documentId
                ? await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ClaimId == claimId && d.DeletedAt == null, cancellationToken)
                : null;
            var highlights = StoredHighlights.Read(document?.Highlights);
            if (document is null)
            {
                errors.Add("documentId", command.DocumentId is null ? "is required" : "is not a document of this claim");
            }
            else if (command.Highlight is not { } index || index < 0 || index >= highlights.Count)
            {
                errors.Add("highlight", highlights.Count == 0 ? "the document has no highlights" : $"must be the index of one of the document's {highlights.Count} highlights (0 to {highlights.Count - 1})");
            }

            if (errors.Any)
            {
                // Who may not write the statement learns nothing about the documents.
                return user.CanSee(claim) ? new EditStatement.Result(EditStatement.Outcome.Invalid, claim, "one or more fields are invalid", errors)
                    : new EditStatement.Result(EditStatement.Outcome.Forbidden, claim, "You may see only claims assigned to you.");
            }

            var highlight = highlights[command.Highlight!.Value];
            var facts = (claim.StatementFacts ?? claim.Description).TrimEnd();
            var quote = $"“{highlight.Quote.Trim()}” {StatementCitations.Token(document!.Id, highlight.Page)}";
            var text = facts.Length == 0 ? quote : facts + "\n\n" + quote;
            return await statement.HandleAsync(claimId, new EditStatement.Command(
                command.ExpectedVersion,
                text,
                claim.OccurredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                claim.DifferentialFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), user, cancellationToken);
        }
    }
}
