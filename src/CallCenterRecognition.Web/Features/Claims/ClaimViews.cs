using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Claims;

public sealed record PersonView(string Id, string Name, string? Email);

public sealed record MemberView(string Name, string Email, string? Phone, string Language);

public sealed record InputView(string Name, string Label, string Type, bool Required, int MaxLength, IReadOnlyList<string>? Values);

public sealed record ActionView(string Id, string Name, IReadOnlyList<InputView> Inputs)
{
    public static ActionView From(ActionDefinition action) => new(
        action.Id,
        action.Name,
        [.. action.Inputs.Select(i => new InputView(i.Name, i.Label, i.Type.ToString().ToLowerInvariant(), i.Required, i.MaxLength, i.Type == InputType.Choice ? i.Values : null))]);
}

public sealed record RelatedClaimView(Guid Id, string Number, string Stage, string StageName, string Status, string? MemberName, DateTimeOffset OpenedAt);

public sealed record ClaimView(
    Guid Id,
    string Number,
    string Stage,
    string StageName,
    string Status,
    int Version,
    MemberView Member,
    string Department,
    string WorkUnit,
    string BargainingUnit,
    string Classification,
    IReadOnlyList<string> PhoneSystems,
    string Description,
    PersonView? AssignedRepresentative,
    DateTimeOffset OpenedAt,
    DateTimeOffset StageEnteredAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    string DefinitionId,
    int DefinitionVersion,
    IReadOnlyList<ActionView> PermittedActions,
    IReadOnlyList<RelatedClaimView> RelatedClaims,
    StatementView Statement,
    long? UnitId,
    IReadOnlyList<Grievants.GrievantView> Grievants);

public sealed record ClaimSummary(
    Guid Id,
    string Number,
    string Stage,
    string StageName,
    string Status,
    string MemberName,
    string Department,
    string WorkUnit,
    PersonView? AssignedRepresentative,
    DateTimeOffset OpenedAt,
    DateTimeOffset? DueAt,
    bool Overdue);

public sealed record JournalEntryView(
    long Sequence,
    DateTimeOffset At,
    PersonView Actor,
    string Action,
    string? FromStage,
    string ToStage,
    JsonElement Data,
    string PreviousHash,
    string Hash);

public static class ClaimMapping
{
    public static WorkflowInstanceState ToState(this Claim claim) => new(
        claim.DefinitionId,
        claim.DefinitionVersion,
        claim.Stage,
        claim.StageEnteredAt,
        claim.DueAt,
        claim.FollowUpAt,
        claim.AssignedRepresentativeId,
        claim.Version,
        claim.JournalSequence,
        claim.JournalHash);

    public static void Apply(this Claim claim, WorkflowInstanceState state, WorkflowDefinition definition)
    {
        claim.DefinitionId = state.DefinitionId;
        claim.DefinitionVersion = state.DefinitionVersion;
        claim.Stage = state.Stage;
        claim.IsClosed = definition.StagesById[state.Stage].Final;
        claim.StageEnteredAt = state.StageEnteredAt;
        claim.DueAt = state.DueAt;
        claim.FollowUpAt = state.FollowUpAt;
        claim.AssignedRepresentativeId = state.AssigneeId;
        claim.Version = state.Version;
        claim.JournalSequence = state.JournalSequence;
        claim.JournalHash = state.JournalHash;
    }

    public static ClaimJournalEntry ToRow(this JournalEntry entry, Guid claimId) => new()
    {
        ClaimId = claimId,
        Sequence = entry.Sequence,
        At = entry.At,
        ActorId = entry.ActorId,
        ActorName = entry.ActorName,
        Action = entry.Action,
        FromStage = entry.FromStage,
        ToStage = entry.ToStage,
        Data = entry.Data,
        PreviousHash = entry.PreviousHash,
        Hash = entry.Hash,
    };

    public static JournalEntry ToEntry(this ClaimJournalEntry row) =>
        new(row.Sequence, row.At, row.ActorId, row.ActorName, row.Action, row.FromStage, row.ToStage, row.Data, row.PreviousHash, row.Hash);

    public static string UnitKey(string department, string workUnit) =>
        string.Concat((department + "|" + workUnit).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    public static string SearchText(string number, string memberName) => (number + " " + memberName).ToLowerInvariant();

    public static string[] SplitPhoneSystems(string stored) => stored.Length == 0 ? [] : stored.Split(',');

    public static string StageName(WorkflowEngine engine, Claim claim) => StageName(engine, claim.DefinitionId, claim.DefinitionVersion, claim.Stage);

    // The stage's display name under the definition version the claim runs on; the id if that version is gone.
    public static string StageName(WorkflowEngine engine, string definitionId, int definitionVersion, string stage) =>
        engine.Registry.Find(definitionId, definitionVersion)?.StagesById.GetValueOrDefault(stage)?.Name ?? stage;
}

// The claim page's two reads run on every view and after every action; compiled, they skip EF's per-call translation
// lookup. A compiled query keeps the executor of the first provider that ran it, so one is compiled per model: tests run
// SQLite and PostgreSQL hosts in one process.
public sealed record ClaimForUpdate(Claim Claim, PersonView? Representative, ClaimQueries.UnitStatusNow? Unit);

public static class ClaimQueries
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, Compiled> ByModel = [];

    public sealed record Related(Guid Id, string Number, string Stage, bool IsClosed, string DefinitionId, int DefinitionVersion, DateTimeOffset OpenedAt, string? AssignedRepresentativeId, string MemberName);

    public static Task<Claim?> WithRepresentativeAsync(AppDbContext db, Guid id) => For(db).WithRepresentative(db, id);

    public static IAsyncEnumerable<Related> RelatedClaims(AppDbContext db, string unitKey, Guid id) => For(db).RelatedClaims(db, unitKey, id);

    // The claim, tracked for the action, with its representative as the response will show them and its unit's status as
    // the unit's follow-up needs it: one read instead of two.
    public static Task<ClaimForUpdate?> ForUpdateAsync(AppDbContext db, Guid id) => For(db).ForUpdate(db, id);

    public static Task<PersonView?> PersonAsync(AppDbContext db, string userId) => For(db).Person(db, userId);

    public static Task<bool> IsInRoleAsync(AppDbContext db, string userId, string role) => For(db).IsInRole(db, userId, role.ToUpperInvariant());

    public sealed record UnitStatusNow(long Id, string? Status, DateOnly? StatusOn);

    // The claim's unit's status, untracked: most actions leave it as it is, and only a change needs the row tracked.
    public static Task<UnitStatusNow?> UnitStatusAsync(AppDbContext db, long unitId) => For(db).UnitStatus(db, unitId);

    // An active user in the role: the check a user chosen as an action's input must pass.
    public static Task<bool> IsActiveInRoleAsync(AppDbContext db, string userId, string role) => For(db).IsActiveInRole(db, userId, role.ToUpperInvariant());

    // The claim's reminders still to go out, tracked to be cancelled: all of them when it closes, else all but the notices.
    public static async Task<List<ReminderRow>> PendingRemindersAsync(AppDbContext db, Guid claimId, bool closing, CancellationToken cancellationToken)
    {
        var rows = new List<ReminderRow>();
        await foreach (var row in For(db).PendingReminders(db, claimId, closing).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<List<Grievants.GrievantView>> GrievantsAsync(AppDbContext db, Guid claimId, CancellationToken cancellationToken)
    {
        var views = new List<Grievants.GrievantView>();
        await foreach (var row in For(db).Grievants(db, claimId).WithCancellation(cancellationToken))
        {
            views.Add(Grievants.GrievantView.Of(row));
        }

        return views;
    }

    private static Compiled For(AppDbContext db) => ByModel.GetValue(db.Model, _ => new Compiled());

    private sealed class Compiled
    {
        public readonly Func<AppDbContext, Guid, Task<Claim?>> WithRepresentative = EF.CompileAsyncQuery(
            (AppDbContext db, Guid id) => db.Claims.AsNoTracking().Include(c => c.AssignedRepresentative).FirstOrDefault(c => c.Id == id));

        public readonly Func<AppDbContext, string, Guid, IAsyncEnumerable<Related>> RelatedClaims = EF.CompileAsyncQuery(
            (AppDbContext db, string unitKey, Guid id) => db.Claims.AsNoTracking()
                .Where(c => c.UnitKey == unitKey && c.Id != id)
                .OrderByDescending(c => c.OpenedAt)
                .Take(50)
                .Select(c => new Related(c.Id, c.Number, c.Stage, c.IsClosed, c.DefinitionId, c.DefinitionVersion, c.OpenedAt, c.AssignedRepresentativeId, c.Member.Name)));

        public readonly Func<AppDbContext, Guid, Task<ClaimForUpdate?>> ForUpdate = EF.CompileAsyncQuery(
            (AppDbContext db, Guid id) => (
                from c in db.Claims
                where c.Id == id
                join u in db.Units on c.UnitId equals (long?)u.Id into units
                from u in units.DefaultIfEmpty()
                select new ClaimForUpdate(
                    c,
                    c.AssignedRepresentative == null ? null : new PersonView(c.AssignedRepresentative.Id, c.AssignedRepresentative.DisplayName, c.AssignedRepresentative.Email),
                    u == null ? null : new UnitStatusNow(u.Id, u.Status, u.StatusOn)))
                .FirstOrDefault());

        public readonly Func<AppDbContext, string, Task<PersonView?>> Person = EF.CompileAsyncQuery(
            (AppDbContext db, string userId) => db.Users.Where(u => u.Id == userId).Select(u => new PersonView(u.Id, u.DisplayName, u.Email)).FirstOrDefault());

        public readonly Func<AppDbContext, long, Task<UnitStatusNow?>> UnitStatus = EF.CompileAsyncQuery(
            (AppDbContext db, long unitId) => db.Units.Where(u => u.Id == unitId).Select(u => new UnitStatusNow(u.Id, u.Status, u.StatusOn)).FirstOrDefault());

        public readonly Func<AppDbContext, Guid, bool, IAsyncEnumerable<ReminderRow>> PendingReminders = EF.CompileAsyncQuery(
            (AppDbContext db, Guid claimId, bool closing) => db.Set<ReminderRow>()
                .Where(r => r.ClaimId == claimId && r.Status == ReminderStatus.Scheduled && (closing || r.Recipient != ReminderRecipients.User)));

        public readonly Func<AppDbContext, Guid, IAsyncEnumerable<ClaimGrievantRow>> Grievants = EF.CompileAsyncQuery(
            (AppDbContext db, Guid claimId) => db.Grievants.AsNoTracking().OrderBy(g => g.Position).Where(g => g.ClaimId == claimId && g.RemovedAt == null));

        public readonly Func<AppDbContext, string, string, Task<bool>> IsActiveInRole = EF.CompileAsyncQuery(
            (AppDbContext db, string userId, string normalizedRole) => db.Users.Any(u => u.Id == userId && u.Active && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalizedRole))));

        public readonly Func<AppDbContext, string, string, Task<bool>> IsInRole = EF.CompileAsyncQuery(
            (AppDbContext db, string userId, string normalizedRole) => db.UserRoles.Any(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalizedRole)));
    }
}

// Builds the API's view of one claim for one viewer: the actions they may fire and the claims of the same unit.
public sealed class ClaimViewBuilder(AppDbContext db, WorkflowEngine engine, TimeProvider time)
{
    // Its reads share one connection (EF counts nested opens, so a caller's open connection stays open): taking a pooled
    // connection per read was a tenth of a view.
    public async Task<ClaimView> BuildAsync(Claim claim, ClaimsPrincipal viewer, CancellationToken cancellationToken, PersonView? knownRepresentative = null)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync(claim, viewer, cancellationToken, knownRepresentative);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<ClaimView> ReadAsync(Claim claim, ClaimsPrincipal viewer, CancellationToken cancellationToken, PersonView? knownRepresentative)
    {
        var definition = engine.DefinitionOf(claim.ToState());
        var representative = claim.AssignedRepresentativeId is not { } representativeId
            ? null
            : claim.AssignedRepresentative is { } loaded && loaded.Id == representativeId
                ? new PersonView(loaded.Id, loaded.DisplayName, loaded.Email)
                : knownRepresentative is { } known && known.Id == representativeId
                    ? known
                    : await ClaimQueries.PersonAsync(db, representativeId);

        var related = new List<ClaimQueries.Related>();
        await foreach (var row in ClaimQueries.RelatedClaims(db, claim.UnitKey, claim.Id).WithCancellation(cancellationToken))
        {
            related.Add(row);
        }

        var viewerId = viewer.Id();
        var seesAll = viewer.SeesAllClaims();
        var permitted = claim.IsClosed ? [] : engine.PermittedActions(claim.ToState(), viewer.ToActor());
        return new ClaimView(
            claim.Id,
            claim.Number,
            claim.Stage,
            definition.StagesById[claim.Stage].Name,
            ClaimStatus.Of(claim.IsClosed),
            claim.Version,
            new MemberView(claim.Member.Name, claim.Member.Email, claim.Member.Phone, claim.Member.Language),
            claim.Department,
            claim.WorkUnit,
            claim.BargainingUnit,
            claim.Classification,
            ClaimMapping.SplitPhoneSystems(claim.PhoneSystems),
            claim.Description,
            representative,
            claim.OpenedAt,
            claim.StageEnteredAt,
            claim.DueAt,
            !claim.IsClosed && claim.DueAt < time.GetUtcNow(),
            claim.DefinitionId,
            claim.DefinitionVersion,
            [.. permitted.Select(ActionView.From)],
            [.. related.Select(r => new RelatedClaimView(
                r.Id,
                r.Number,
                r.Stage,
                ClaimMapping.StageName(engine, r.DefinitionId, r.DefinitionVersion, r.Stage),
                ClaimStatus.Of(r.IsClosed),
                seesAll || r.AssignedRepresentativeId == viewerId ? r.MemberName : null,
                r.OpenedAt))],
            StatementView.Of(claim),
            claim.UnitId,
            await ClaimQueries.GrievantsAsync(db, claim.Id, cancellationToken));
    }
}
