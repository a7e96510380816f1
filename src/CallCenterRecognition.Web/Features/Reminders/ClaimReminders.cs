using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Reminders;

public sealed record ReminderView(
    long Id,
    string Stage,
    string StageName,
    string ReminderId,
    int Occurrence,
    string Template,
    string Recipient,
    string Status,
    DateTimeOffset SendAt,
    DateTimeOffset StageDueAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? CancelledAt,
    int Attempts,
    string? LastError);

// The reminders of one claim (scheduled, sent, failed, cancelled) for whoever may see the claim; the API and the claim page share it.
public static class ClaimReminders
{
    public enum Outcome
    {
        Ok,
        NotFound,
        NoAccess,
    }

    public sealed record Result(Outcome Outcome, string? ClaimNumber, IReadOnlyList<ReminderView> Reminders);

    public sealed class Handler(AppDbContext db, WorkflowEngine engine)
    {
        public async Task<Result> HandleAsync(Guid claimId, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return new Result(Outcome.NotFound, null, []);
            }

            if (!user.CanSee(claim))
            {
                return new Result(Outcome.NoAccess, null, []);
            }

            var definition = engine.Registry.Find(claim.DefinitionId, claim.DefinitionVersion);
            var rows = await db.Set<ReminderRow>().AsNoTracking().Where(r => r.ClaimId == claimId).OrderBy(r => r.SendAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
            return new Result(Outcome.Ok, claim.Number, [.. rows.Select(r => ToView(r, definition))]);
        }

        public static ReminderView ToView(ReminderRow r, WorkflowDefinition? definition) => new(
            r.Id,
            r.Stage,
            definition?.StagesById.GetValueOrDefault(r.Stage)?.Name ?? r.Stage,
            r.ReminderId,
            r.Occurrence,
            r.Template,
            r.Recipient,
            r.Status,
            r.SendAt,
            r.StageDueAt,
            r.CreatedAt,
            r.SentAt,
            r.CancelledAt,
            r.Attempts,
            r.LastError);
    }

    // For the CCWG view: reminders that could not be delivered, newest first.
    public sealed class FailedHandler(AppDbContext db, WorkflowEngine engine)
    {
        public async Task<IReadOnlyList<object>> HandleAsync(CancellationToken cancellationToken)
        {
            var rows = await db.Set<ReminderRow>().AsNoTracking()
                .Where(r => r.Status == ReminderStatus.Failed)
                .Join(db.Claims, r => r.ClaimId, c => c.Id, (r, c) => new { Reminder = r, c.Number, c.DefinitionId, c.DefinitionVersion })
                .OrderByDescending(x => x.Reminder.SendAt)
                .Take(200)
                .ToListAsync(cancellationToken);
            return [.. rows.Select(x => (object)new
            {
                claimId = x.Reminder.ClaimId,
                claimNumber = x.Number,
                reminder = Handler.ToView(x.Reminder, engine.Registry.Find(x.DefinitionId, x.DefinitionVersion)),
            })];
        }
    }
}
