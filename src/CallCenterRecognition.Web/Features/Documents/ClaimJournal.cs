using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Documents;

// Journal entries for things that happen to a claim without moving it (documents, member links), on the same hash chain as actions.
public static class ClaimJournal
{
    public const string DocumentUploaded = "document-uploaded";
    public const string DocumentDeleted = "document-deleted";
    public const string MemberLinkCreated = "member-link-created";
    public const string MemberLinkRevoked = "member-link-revoked";
    public const string ClaimCorrected = "claim-corrected";
    public const string DocumentDescribed = DescribeDocument.JournalAction;
    public const string StatementEdited = "statement-edited";
    public const string GrievantAdded = "grievant-added";
    public const string GrievantRemoved = "grievant-removed";
    public const string UnitMerged = "unit-merged";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DocumentUploaded] = "Uploaded a document",
        [DocumentDeleted] = "Deleted a document",
        [MemberLinkCreated] = "Sent the member an upload link",
        [MemberLinkRevoked] = "Revoked the member's upload link",
        [ClaimCorrected] = "Corrected the claim's details",
        [DocumentDescribed] = "Described a document",
        [StatementEdited] = "Edited the statement for the grievance",
        ["migrated"] = "Moved to a new version of the workflow",
        [Units.FollowUnitStatus.JournalAction] = "The unit's status changed",
        [GrievantAdded] = "Added a grievant",
        [GrievantRemoved] = "Removed a grievant",
        [UnitMerged] = "The claim's unit was merged into another",
    };

    public static readonly JsonSerializerOptions Canonical = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The claim must be tracked; the caller saves. The version is left alone so that an upload does not make a representative's open form stale.
    public static ClaimJournalEntry Append(AppDbContext db, Claim claim, WorkflowActor actor, string action, IReadOnlyDictionary<string, string> data, DateTimeOffset at) =>
        Append(db, claim, actor, action, JsonSerializer.Serialize(new SortedDictionary<string, string>(data.ToDictionary(), StringComparer.Ordinal), Canonical), at);

    // Data that is not a flat map of strings; the caller serialises it with Canonical.
    public static ClaimJournalEntry Append(AppDbContext db, Claim claim, WorkflowActor actor, string action, string data, DateTimeOffset at)
    {
        var entry = JournalChain.Append(
            claim.JournalSequence,
            claim.JournalHash,
            at,
            actor,
            action,
            claim.Stage,
            claim.Stage,
            data);
        claim.JournalSequence = entry.Sequence;
        claim.JournalHash = entry.Hash;
        var row = entry.ToRow(claim.Id);
        db.JournalEntries.Add(row);
        return row;
    }

    // The claim's writers in this instance take turns (ClaimWriteLocks); another instance's writer may still take the next
    // sequence number first, and the work is retried then.
    public static async Task<T> WithRetryAsync<T>(AppDbContext db, Guid claimId, CancellationToken cancellationToken, Func<Task<T>> work)
    {
        using var turn = await ClaimWriteLocks.EnterAsync(claimId, cancellationToken);
        return await WithRetryAsync(db, work);
    }

    // Retries a unit of work that appends to journals when another writer took the next sequence number first.
    public static async Task<T> WithRetryAsync<T>(AppDbContext db, Func<Task<T>> work, int attempts = 8)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateException ex) when (attempt < attempts && (ex is DbUpdateConcurrencyException || IsDuplicate(ex)))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(5, 40 * attempt));
            }
        }
    }

    private static bool IsDuplicate(DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true ||
        ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
}
