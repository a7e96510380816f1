using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Departments;

// Claims and representatives that name a department by its name or an alias ("Employment Development Department") are rewritten
// to its code, so one department is one row on the dashboard and one unit key. Runs at start-up after seeding and again when an
// administrator adds a department or alias; rewriting a spelling to its own code changes no meaning, so claims keep their
// version and journal. Values nobody recognises stay as they are for an administrator (ListDepartments.Unmapped).
public static class MapKnownSpellings
{
    public const int Batch = 500;

    public sealed record Result(int Claims, int Accounts, IReadOnlyList<string> Unmapped);

    public static async Task<Result> RunAsync(AppDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var list = await DepartmentList.LoadAsync(db, cancellationToken);
        var values = await db.Claims.AsNoTracking().Select(c => c.Department).Distinct().ToListAsync(cancellationToken);
        var unmapped = new List<string>();
        var claims = 0;
        foreach (var value in values)
        {
            if (list.Find(value) is not { } department)
            {
                unmapped.Add(value);
            }
            else if (department.Code != value)
            {
                claims += await RewriteClaimsAsync(db, value, department.Code, null, time, cancellationToken);
            }
        }

        var accounts = await RewriteCoveredAsync(db, covered => list.Find(covered)?.Code, null, "Department list", time, cancellationToken);
        return new Result(claims, accounts, [.. unmapped.Order(StringComparer.OrdinalIgnoreCase)]);
    }

    // Every claim whose department is exactly `value` moves to `code`, its unit key recomputed from the code. With an actor the
    // rewrite is a correction by that person: journaled on each claim and its version bumped, as CorrectClaim does.
    public static async Task<int> RewriteClaimsAsync(AppDbContext db, string value, string code, CallCenterRecognition.Workflows.WorkflowActor? actor, TimeProvider time, CancellationToken cancellationToken)
    {
        await RehomeUnitsAsync(db, value, code, actor, time, cancellationToken);
        var total = 0;
        while (true)
        {
            var done = await Documents.ClaimJournal.WithRetryAsync(db, async () =>
            {
                var batch = await db.Claims.Where(c => c.Department == value).OrderBy(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
                var now = time.GetUtcNow();
                foreach (var claim in batch)
                {
                    claim.Department = code;
                    claim.UnitKey = ClaimMapping.UnitKey(claim.Department, claim.WorkUnit);
                    if (actor is not null)
                    {
                        claim.Version++;
                        Documents.ClaimJournal.Append(db, claim, actor, Documents.ClaimJournal.ClaimCorrected, CorrectionData(value, code), now);
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return batch.Count;
            });
            total += done;
            if (done < Batch)
            {
                return total;
            }
        }
    }

    // Units named under the spelling move to the code: renamed in place, or merged into the unit the code already has there.
    private static async Task RehomeUnitsAsync(AppDbContext db, string value, string code, CallCenterRecognition.Workflows.WorkflowActor? actor, TimeProvider time, CancellationToken cancellationToken)
    {
        var units = await db.Units.Where(u => u.Department == value && u.MergedIntoId == null).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var (actorId, actorName) = actor is null ? ("system", "Department list") : (actor.Id, actor.Name);
        foreach (var unit in units)
        {
            var key = ClaimMapping.UnitKey(code, unit.WorkUnit);
            var target = await db.Units.FirstOrDefaultAsync(u => u.UnitKey == key && u.Id != unit.Id, cancellationToken);
            if (target is null)
            {
                (unit.Department, unit.UnitKey, unit.UpdatedAt) = (code, key, now);
                db.UnitHistory.Add(new UnitHistoryRow { UnitId = unit.Id, At = now, ActorId = actorId, ActorName = actorName, Change = Units.UnitChanges.Renamed, Status = unit.Status, StatusOn = unit.StatusOn, Note = $"Department {value} → {code}" });
                continue;
            }

            unit.MergedIntoId = target.Id;
            unit.UpdatedAt = now;
            if (Units.UnitStatuses.Stronger(target.Status, unit.Status) != target.Status)
            {
                (target.Status, target.StatusOn, target.AppealBy) = (unit.Status, unit.StatusOn, unit.AppealBy);
            }

            target.UpdatedAt = now;
            db.UnitHistory.Add(new UnitHistoryRow { UnitId = unit.Id, At = now, ActorId = actorId, ActorName = actorName, Change = Units.UnitChanges.MergedInto, Status = unit.Status, Note = $"Department {value} is {code}: merged into unit {target.Id}" });
            db.UnitHistory.Add(new UnitHistoryRow { UnitId = target.Id, At = now, ActorId = actorId, ActorName = actorName, Change = Units.UnitChanges.Merged, Status = target.Status, StatusOn = target.StatusOn, Note = $"Unit {unit.Id} ({value}) merged in" });
            await db.SaveChangesAsync(cancellationToken);
            await db.Claims.Where(c => c.UnitId == unit.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.UnitId, target.Id), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    // Each account's covered departments through `map` (null keeps the spelling), cleaned; a changed list is audited on the account.
    public static async Task<int> RewriteCoveredAsync(AppDbContext db, Func<string, string?> map, string? actorId, string actorName, TimeProvider time, CancellationToken cancellationToken)
    {
        var users = await db.Users.Where(u => u.DepartmentsCovered.Count > 0).ToListAsync(cancellationToken);
        var changed = 0;
        var now = time.GetUtcNow();
        foreach (var user in users)
        {
            var before = DepartmentCoverage.Clean(user.DepartmentsCovered);
            var after = DepartmentCoverage.Clean(user.DepartmentsCovered.Select(d => map(d) ?? d));
            if (before.SequenceEqual(after, StringComparer.Ordinal) && user.DepartmentsCovered.SequenceEqual(after, StringComparer.Ordinal))
            {
                continue;
            }

            if (!before.SequenceEqual(after, StringComparer.Ordinal))
            {
                AccountAudit.Add(db, user.Id, now, actorId, actorName, AccountAudit.Changed, "departments", string.Join(", ", before), string.Join(", ", after));
            }

            user.DepartmentsCovered = after;
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            changed++;
        }

        if (changed > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return changed;
    }

    private static string CorrectionData(string old, string code) =>
        System.Text.Json.JsonSerializer.Serialize(
            new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["changed"] = new[] { ClaimFields.Department },
                [ClaimFields.Department] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["old"] = old, ["new"] = code },
            },
            Documents.ClaimJournal.Canonical);
}
