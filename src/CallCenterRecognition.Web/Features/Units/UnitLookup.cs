using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Units;

// Finds the unit a department and work unit name, following merges, and adds it the first time a claim names it.
public sealed class UnitLookup(AppDbContext db, TimeProvider time)
{
    private const int MaxMergeHops = 16;

    public async Task<UnitRow?> FindAsync(string department, string workUnit, CancellationToken cancellationToken)
    {
        var key = ClaimMapping.UnitKey(department, workUnit);
        var unit = await db.Units.FirstOrDefaultAsync(u => u.UnitKey == key, cancellationToken);
        return await FollowMergesAsync(unit, cancellationToken);
    }

    public async Task<UnitRow?> FollowMergesAsync(UnitRow? unit, CancellationToken cancellationToken)
    {
        for (var hops = 0; unit?.MergedIntoId is { } target && hops < MaxMergeHops; hops++)
        {
            unit = await db.Units.FirstOrDefaultAsync(u => u.Id == target, cancellationToken);
        }

        return unit;
    }

    // Saved on its own, before the caller's transaction: two intakes naming a new unit at once must meet on one row.
    public async Task<UnitRow> FindOrAddAsync(string department, string workUnit, WorkflowActor actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await FindAsync(department, workUnit, cancellationToken) is { } found)
            {
                return found;
            }

            var now = time.GetUtcNow();
            var unit = new UnitRow
            {
                Department = department,
                WorkUnit = workUnit,
                UnitKey = ClaimMapping.UnitKey(department, workUnit),
                Name = workUnit,
                Status = UnitStatuses.None,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Units.Add(unit);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.UnitHistory.Add(new UnitHistoryRow { UnitId = unit.Id, At = now, ActorId = actor.Id, ActorName = actor.Name, Change = UnitChanges.Created, Status = UnitStatuses.None });
                return unit;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.Entry(unit).State = EntityState.Detached;
            }
        }
    }
}

public static class UnitChanges
{
    public const string Created = "created";
    public const string Status = "status";
    public const string Renamed = "renamed";
    public const string Merged = "merged";
    public const string MergedInto = "merged-into";
}
