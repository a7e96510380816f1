using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Units;

// Units the data migration created from existing claims get their status from those claims, once, at start-up: the
// furthest milestone any claim of the unit reached (as its definition marks the stage), else claim-open while one is open.
public static class DeriveUnitStatuses
{
    public static async Task<int> RunAsync(AppDbContext db, WorkflowRegistry registry, LocalClock clock, CancellationToken cancellationToken)
    {
        if ((await Startup.StartupSql.ReadAsync(db, """SELECT 1 FROM "Units" WHERE "Status" IS NULL LIMIT 1""", _ => true, cancellationToken)).Count == 0)
        {
            return 0;
        }

        var cells = await db.Claims.AsNoTracking()
            .Where(c => c.UnitId != null && db.Units.Any(u => u.Id == c.UnitId && u.Status == null))
            .GroupBy(c => new { c.UnitId, c.DefinitionId, c.DefinitionVersion, c.Stage, c.IsClosed })
            .Select(g => new { g.Key.UnitId, g.Key.DefinitionId, g.Key.DefinitionVersion, g.Key.Stage, g.Key.IsClosed, Entered = g.Max(c => c.StageEnteredAt) })
            .ToListAsync(cancellationToken);
        var derived = cells.GroupBy(c => c.UnitId!.Value).ToDictionary(g => g.Key, g =>
        {
            var reached = g.Select(c => (Status: UnitStatuses.OfMilestone(registry.Find(c.DefinitionId, c.DefinitionVersion)?.StagesById.GetValueOrDefault(c.Stage)?.Milestone), c.Entered))
                .Where(r => r.Status is not null)
                .OrderBy(r => UnitStatuses.Strength(r.Status)).ThenBy(r => r.Entered)
                .LastOrDefault();
            if (reached.Status is not null && (reached.Status != UnitStatuses.Denied || !g.Any(c => !c.IsClosed && UnitStatuses.OfMilestone(registry.Find(c.DefinitionId, c.DefinitionVersion)?.StagesById.GetValueOrDefault(c.Stage)?.Milestone) is null)))
            {
                return (reached.Status, (DateOnly?)DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(reached.Entered, clock.Zone).DateTime));
            }

            return (g.Any(c => !c.IsClosed) ? UnitStatuses.ClaimOpen : UnitStatuses.None, (DateOnly?)null);
        });

        var units = await db.Units.Where(u => u.Status == null).ToListAsync(cancellationToken);
        foreach (var unit in units)
        {
            (unit.Status, unit.StatusOn) = derived.GetValueOrDefault(unit.Id, (UnitStatuses.None, null));
            db.UnitHistory.Add(new UnitHistoryRow
            {
                UnitId = unit.Id,
                At = unit.CreatedAt,
                ActorId = "system",
                ActorName = "Data migration",
                Change = UnitChanges.Created,
                Status = unit.Status,
                StatusOn = unit.StatusOn,
                Note = "Derived from the unit's claims when units were introduced.",
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return units.Count;
    }
}
