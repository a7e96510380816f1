using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

// One claim onto another version, in its own transaction: pinned to the new version, journaled "migrated", its unsent reminders
// re-created from the new definition. A claim acted on meanwhile is read again and retried, so it is never half-migrated.
public static class MigrateClaim
{
    public enum Outcome
    {
        Migrated,
        Blocked,
        NotOnSourceVersion,
    }

    public sealed class Handler(AppDbContext db, ReminderScheduler reminders, IWorkCalendar calendar, TimeProvider time)
    {
        private const int Attempts = 5;

        public async Task<Outcome> HandleAsync(Guid claimId, WorkflowMigration migration, WorkflowActor actor, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
                if (claim is null || claim.IsClosed || claim.DefinitionId != migration.From.DefinitionId || claim.DefinitionVersion != migration.From.Version)
                {
                    return Outcome.NotOnSourceVersion;
                }

                if (migration.Apply(claim.ToState(), actor, calendar, time.GetUtcNow()) is not { } applied)
                {
                    return Outcome.Blocked;
                }

                claim.Apply(applied.State, migration.To);
                db.JournalEntries.Add(applied.Entry.ToRow(claim.Id));
                await reminders.ApplyAsync(claim, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return Outcome.Migrated;
                }
                catch (DbUpdateException) when (attempt < Attempts)
                {
                    // Someone acted on the claim between the read and the write: read it again.
                }
            }
        }
    }
}
