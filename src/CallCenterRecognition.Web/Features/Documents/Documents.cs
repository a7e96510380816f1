using System.Globalization;
using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Documents;

public sealed record UploaderView(string Name, string Side);

// What a member gets back for an upload: what they sent, not a link into the staff API.
public sealed record MemberUploadReceipt(Guid Id, string Category, string CategoryTitle, string FileName, string? Description, string ContentType, long Size, DateTimeOffset UploadedAt);

public sealed record DocumentView(
    Guid Id,
    Guid ClaimId,
    string Category,
    string CategoryTitle,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    UploaderView UploadedBy,
    DateTimeOffset UploadedAt,
    string ContentUrl,
    string? Description,
    DocumentTextView Text,
    string? SuggestedCategory,
    double? Confidence,
    bool CategoryConfirmed,
    IReadOnlyList<Evidence.Highlight> Highlights)
{
    public static DocumentView From(DocumentRow row) => new(
        row.Id,
        row.ClaimId,
        row.Category,
        DocumentCategories.Title(row.Category),
        row.FileName,
        row.ContentType,
        row.Size,
        row.Sha256,
        new UploaderView(row.UploadedByName, row.UploaderSide),
        row.UploadedAt,
        $"/api/claims/{row.ClaimId}/documents/{row.Id}/content",
        row.Description,
        new DocumentTextView(row.TextStatus, row.TextPageCount, row.TextOcrPages, row.TextReason),
        row.SuggestedCategory,
        row.Confidence is { } confidence ? Math.Round(confidence, 2) : null,
        row.CategorySource == DocumentCategorySources.Confirmed,
        DocumentText.StoredHighlights.Read(row.Highlights));
}

// Where reading the document's text stands: pending, done, failed or unavailable; pages read, of which by OCR.
public sealed record DocumentTextView(string Status, int Pages, int OcrPages, string? Reason);

public sealed record ChecklistItem(string Id, string Title, string Hint, bool Covered, int Count, bool Essential);

public sealed record DocumentList(IReadOnlyList<DocumentView> Items, IReadOnlyList<ChecklistItem> Checklist, IReadOnlyList<string> MissingEssential);

public static class Sides
{
    public const string Staff = "staff";
    public const string Member = "member";
}

public static class EvidenceLock
{
    // Documents may be withdrawn while the claim's stage leaves them open ("documents": "open" in the definition); once the
    // grievance is filed the packet CalHR holds refers to them, and the definition locks them.
    public static bool IsOpen(Claim claim, WorkflowRegistry registry) =>
        !claim.IsClosed && registry.Find(claim.DefinitionId, claim.DefinitionVersion)?.StagesById.GetValueOrDefault(claim.Stage)?.Documents == DocumentPolicy.Open;
}

public static class Checklist
{
    public static IReadOnlyList<ChecklistItem> Of(IEnumerable<DocumentRow> live)
    {
        var counts = live.GroupBy(d => d.Category).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. DocumentCategories.All.Select(c => new ChecklistItem(
            c.Id, c.Title, c.Hint, counts.ContainsKey(c.Id), counts.GetValueOrDefault(c.Id), DocumentCategories.Essential.Contains(c.Id)))];
    }

    public static async Task<IReadOnlyList<ChecklistItem>> ForClaimAsync(AppDbContext db, Guid claimId, CancellationToken cancellationToken) =>
        Of(await db.Documents.AsNoTracking().Where(d => d.ClaimId == claimId && d.DeletedAt == null).ToListAsync(cancellationToken));

    public static IReadOnlyList<string> MissingEssential(IReadOnlyList<ChecklistItem> checklist) =>
        [.. checklist.Where(i => i.Essential && !i.Covered).Select(i => i.Id)];
}

public static class ListDocuments
{
    public sealed class Handler(AppDbContext db)
    {
        public async Task<DocumentList> HandleAsync(Guid claimId, CancellationToken cancellationToken)
        {
            var rows = await db.Documents.AsNoTracking().Where(d => d.ClaimId == claimId && d.DeletedAt == null).ToListAsync(cancellationToken);
            rows = [.. rows.OrderBy(d => d.UploadedAt).ThenBy(d => d.FileName, StringComparer.Ordinal)];
            var checklist = Checklist.Of(rows);
            return new DocumentList([.. rows.Select(DocumentView.From)], checklist, Checklist.MissingEssential(checklist));
        }
    }
}

public static class UploadDocument
{
    public enum Outcome
    {
        Done,
        ClaimNotFound,
        NoAccess,
        Closed,
        Invalid,
        Empty,
        TooLarge,
        UnsupportedType,
    }

    // What arrived: the category field, the file part (null when no file part was sent) and the optional description field.
    public sealed record Command(string? Category, string? FileName, long? Length, Func<Stream>? Open, string? Description = null);

    public sealed record Result(Outcome Outcome, DocumentView? Document = null, FieldErrors? Errors = null, string? Reason = null);

    public sealed class Handler(AppDbContext db, DocumentStore store, TimeProvider time, DocumentText.CategorySuggestions suggestions, DocumentText.DocumentReaderSignal reader)
    {
        public async Task<Result> AsStaffAsync(Guid claimId, Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return new Result(Outcome.ClaimNotFound, Reason: "The claim was not found.");
            }

            if (!user.CanSee(claim))
            {
                return new Result(Outcome.NoAccess, Reason: "You may add documents only to claims assigned to you.");
            }

            return await UploadAsync(claim, command, user.ToActor(), Sides.Staff, cancellationToken);
        }

        public async Task<Result> AsMemberAsync(MemberLinkRow link, Command command, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == link.ClaimId, cancellationToken);
            var grievant = link.GrievantId is { } grievantId ? await db.Grievants.AsNoTracking().Where(g => g.Id == grievantId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken) : null;
            return await UploadAsync(claim, command, MemberLinks.Actor(link, grievant ?? claim.Member.Name), Sides.Member, cancellationToken);
        }

        private async Task<Result> UploadAsync(Claim claim, Command command, WorkflowActor actor, string side, CancellationToken cancellationToken)
        {
            if (claim.IsClosed)
            {
                return new Result(Outcome.Closed, Reason: "The claim is closed; no more documents can be added.");
            }

            var errors = new FieldErrors();
            if (string.IsNullOrWhiteSpace(command.Category))
            {
                errors.Add("category", "is required");
            }
            else if (command.Category != DocumentCategorySources.SuggestChoice && DocumentCategories.Find(command.Category) is null)
            {
                errors.Add("category", "must be one of " + string.Join(", ", DocumentCategories.All.Select(c => c.Id)) + $", or \"{DocumentCategorySources.SuggestChoice}\" to have it suggested");
            }

            var description = DocumentDescription.Read(errors, command.Description);
            if (command.Open is null)
            {
                errors.Add("file", "is required");
            }
            else if (FileNames.Problem(command.FileName) is { } nameProblem)
            {
                errors.Add("file", "name " + nameProblem);
            }

            if (errors.Any)
            {
                return new Result(Outcome.Invalid, Errors: errors, Reason: "one or more fields are invalid");
            }

            if (command.Length == 0)
            {
                return Refused(Outcome.Empty, "is empty");
            }

            if (command.Length > store.MaxBytes)
            {
                return Refused(Outcome.TooLarge, $"is larger than the limit of {Size(store.MaxBytes)}");
            }

            StagedContent staged;
            await using (var content = command.Open!())
            {
                staged = await store.StageAsync(content, sniff: true, cancellationToken);
            }

            await using var _ = staged;
            var stored = staged.Result;
            switch (stored.Failure)
            {
                case StoreFailure.Empty:
                    return Refused(Outcome.Empty, "is empty");
                case StoreFailure.TooLarge:
                    return Refused(Outcome.TooLarge, $"is larger than the limit of {Size(store.MaxBytes)}");
                case StoreFailure.UnsupportedType:
                    return Refused(Outcome.UnsupportedType, stored.Reason ?? "is not a PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), e-mail (.eml) or plain text file");
            }

            // "Not sure": filed under what the name suggests now, and under what the text suggests once it is read.
            var category = command.Category!;
            var source = side == Sides.Staff ? DocumentCategorySources.Confirmed : DocumentCategorySources.Uploader;
            Evidence.Suggestion? suggestion = null;
            if (category == DocumentCategorySources.SuggestChoice)
            {
                suggestion = suggestions.FromName(command.FileName!);
                category = suggestion.Confidence >= DocumentText.CategorySuggestions.NameConfidence ? suggestion.Category : "other";
                source = DocumentCategorySources.Suggested;
            }

            // The content is stored with the row (database) or before it (files, S3): a row never names missing content.
            var row = await ClaimJournal.WithRetryAsync(db, claim.Id, cancellationToken, () => store.SaveWithAsync(db, staged, async () =>
            {
                var tracked = await db.Claims.FirstAsync(c => c.Id == claim.Id, cancellationToken);
                var now = time.GetUtcNow();
                var document = new DocumentRow
                {
                    Id = Guid.NewGuid(),
                    ClaimId = claim.Id,
                    Category = category,
                    CategorySource = source,
                    SuggestedCategory = suggestion?.Category,
                    Confidence = suggestion?.Confidence,
                    FileName = command.FileName!,
                    ContentType = stored.ContentType,
                    Size = stored.Size,
                    Sha256 = stored.Sha256,
                    UploadedById = actor.Id,
                    UploadedByName = actor.Name,
                    UploaderSide = side,
                    UploadedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
                    Description = description,
                };
                db.Documents.Add(document);
                var data = new Dictionary<string, string>
                {
                    ["documentId"] = document.Id.ToString(),
                    ["category"] = document.Category,
                    ["fileName"] = document.FileName,
                    ["sha256"] = document.Sha256,
                    ["size"] = document.Size.ToString(CultureInfo.InvariantCulture),
                    ["side"] = side,
                };
                if (description is not null)
                {
                    data[DocumentDescription.Field] = description;
                }

                ClaimJournal.Append(db, tracked, actor, ClaimJournal.DocumentUploaded, data, now);
                await db.SaveChangesAsync(cancellationToken);
                return document;
            }, cancellationToken));
            reader.Wake();
            return new Result(Outcome.Done, DocumentView.From(row));
        }

        private static Result Refused(Outcome outcome, string message)
        {
            var errors = new FieldErrors();
            errors.Add("file", message);
            return new Result(outcome, Errors: errors, Reason: "file " + message);
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}

public static class DeleteDocument
{
    public enum Outcome
    {
        Done,
        NotFound,
        NoAccess,
        Filed,
    }

    public sealed class Handler(AppDbContext db, TimeProvider time, WorkflowRegistry registry)
    {
        public async Task<(Outcome Outcome, string? Reason)> HandleAsync(Guid claimId, Guid documentId, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return (Outcome.NotFound, "The claim was not found.");
            }

            if (!user.CanSee(claim))
            {
                return (Outcome.NoAccess, "You may change only claims assigned to you.");
            }

            if (!await db.Documents.AnyAsync(d => d.Id == documentId && d.ClaimId == claimId && d.DeletedAt == null, cancellationToken))
            {
                return (Outcome.NotFound, "The document was not found.");
            }

            if (!EvidenceLock.IsOpen(claim, registry))
            {
                return (Outcome.Filed, "the grievance has been filed (or the claim closed); its documents are kept as filed");
            }

            var actor = user.ToActor();
            return await ClaimJournal.WithRetryAsync(db, claimId, cancellationToken, async () =>
            {
                var tracked = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == documentId && d.ClaimId == claimId && d.DeletedAt == null, cancellationToken);
                if (document is null)
                {
                    return (Outcome.NotFound, (string?)"The document was not found.");
                }

                var now = time.GetUtcNow();
                document.DeletedAt = now;
                document.DeletedById = actor.Id;

                // The stored file stays: the same bytes may belong to another row, and the journal names its SHA-256.
                ClaimJournal.Append(db, tracked, actor, ClaimJournal.DocumentDeleted, new Dictionary<string, string>
                {
                    ["documentId"] = document.Id.ToString(),
                    ["category"] = document.Category,
                    ["fileName"] = document.FileName,
                    ["sha256"] = document.Sha256,
                }, now);
                await db.SaveChangesAsync(cancellationToken);
                return (Outcome.Done, (string?)null);
            });
        }
    }
}
