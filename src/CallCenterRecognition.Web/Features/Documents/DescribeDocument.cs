using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Documents;

// The one line a document carries into the packet's exhibit list and slip line.
public static class DocumentDescription
{
    public const string Field = "description";

    public const int MaxLength = 200;

    // Trimmed; blank is no description. A line break or other control character would break the packet's one-line layout.
    public static string? Read(FieldErrors errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > MaxLength)
        {
            errors.Add(Field, $"must be at most {MaxLength} characters");
            return null;
        }

        if (trimmed.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
        {
            errors.Add(Field, "must be one line, without control characters");
            return null;
        }

        return trimmed;
    }
}

// Changes a document's description, or sets its category (a representative confirming or correcting the uploader's or the
// suggester's), while the stage leaves documents open; afterwards both are part of what was filed.
public static class DescribeDocument
{
    public const string CategoryField = "category";

    // What to change: the description when SetsDescription (null clears it), the category when not null.
    public sealed record Change(bool SetsDescription, string? Description, string? Category);

    public enum Outcome
    {
        Done,
        Unchanged,
        NotFound,
        NoAccess,
        Invalid,
        Filed,
    }

    public sealed record Result(Outcome Outcome, DocumentView? Document = null, string? Reason = null, FieldErrors? Errors = null);

    public const string JournalAction = "document-described";

    public sealed class Handler(AppDbContext db, TimeProvider time, WorkflowRegistry registry, DocumentText.CategorySuggestions suggestions)
    {
        public Task<Result> HandleAsync(Guid claimId, Guid documentId, string? description, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            HandleAsync(claimId, documentId, new Change(true, description, null), user, cancellationToken);

        public async Task<Result> HandleAsync(Guid claimId, Guid documentId, Change change, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return new Result(Outcome.NotFound, Reason: "The claim was not found.");
            }

            if (!user.CanSee(claim))
            {
                return new Result(Outcome.NoAccess, Reason: "You may change only claims assigned to you.");
            }

            var existing = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ClaimId == claimId && d.DeletedAt == null, cancellationToken);
            if (existing is null)
            {
                return new Result(Outcome.NotFound, Reason: "The document was not found.");
            }

            var errors = new FieldErrors();
            var value = change.SetsDescription ? DocumentDescription.Read(errors, change.Description) : existing.Description;
            if (change.Category is { } category && DocumentCategories.Find(category) is null)
            {
                errors.Add(CategoryField, "must be one of " + string.Join(", ", DocumentCategories.All.Select(c => c.Id)));
            }

            if (errors.Any)
            {
                return new Result(Outcome.Invalid, DocumentView.From(existing), "the change is invalid", errors);
            }

            if (!EvidenceLock.IsOpen(claim, registry))
            {
                return new Result(Outcome.Filed, DocumentView.From(existing), "the grievance has been filed (or the claim closed); its documents are kept as filed");
            }

            var actor = user.ToActor();
            return await ClaimJournal.WithRetryAsync(db, claimId, cancellationToken, async () =>
            {
                var tracked = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == documentId && d.ClaimId == claimId && d.DeletedAt == null, cancellationToken);
                if (document is null)
                {
                    return new Result(Outcome.NotFound, Reason: "The document was not found.");
                }

                // Filing may have locked the documents since the first read.
                if (!EvidenceLock.IsOpen(tracked, registry))
                {
                    return new Result(Outcome.Filed, DocumentView.From(document), "the grievance has been filed (or the claim closed); its documents are kept as filed");
                }

                var changed = new List<string>();
                var data = new SortedDictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["documentId"] = document.Id.ToString(),
                    ["fileName"] = document.FileName,
                };
                if (document.Description != value)
                {
                    changed.Add(DocumentDescription.Field);
                    data[DocumentDescription.Field] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["old"] = document.Description, ["new"] = value };
                    document.Description = value;
                }

                // Confirming the category as it stands is a change too: it settles it, and teaches the suggester.
                if (change.Category is { } newCategory && (newCategory != document.Category || document.CategorySource != DocumentCategorySources.Confirmed))
                {
                    changed.Add(CategoryField);
                    data[CategoryField] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["old"] = document.Category, ["new"] = newCategory, ["source"] = document.CategorySource };
                    document.Category = newCategory;
                    document.CategorySource = DocumentCategorySources.Confirmed;
                }

                if (changed.Count == 0)
                {
                    return new Result(Outcome.Unchanged, DocumentView.From(document));
                }

                data["changed"] = changed;
                ClaimJournal.Append(db, tracked, actor, JournalAction, JsonSerializer.Serialize(data, ClaimJournal.Canonical), time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                if (changed.Contains(CategoryField))
                {
                    suggestions.Invalidate();
                }

                return new Result(Outcome.Done, DocumentView.From(document));
            });
        }
    }
}
