using System.Globalization;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Units;

// Renames a unit, sets where it is, or merges it into another unit of the same department (the same place spelled differently).
public static class UpdateUnit
{
    public sealed record Command(string? Name, string? Location, long? MergeInto);

    public enum Outcome
    {
        Done,
        NotFound,
        Invalid,
    }

    public sealed record Result(Outcome Outcome, FieldErrors? Errors = null, int MovedClaims = 0);

    public static FieldErrors Validate(Command command)
    {
        var errors = new FieldErrors();
        if (command.Name is null && command.Location is null && command.MergeInto is null)
        {
            errors.Add("name", "give a name, a location or mergeInto");
        }

        if (command.MergeInto is not null && (command.Name is not null || command.Location is not null))
        {
            errors.Add("mergeInto", "is done on its own, without name or location");
        }

        if (command.Name is { } name && string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "must not be empty");
        }

        if (command.Name is { Length: > 200 })
        {
            errors.Add("name", "must be at most 200 characters");
        }

        if (command.Location is { Length: > 200 })
        {
            errors.Add("location", "must be at most 200 characters");
        }

        return errors;
    }

    public sealed class Handler(AppDbContext db, TimeProvider time)
    {
        public Task<Result> HandleAsync(long id, Command command, WorkflowActor actor, CancellationToken cancellationToken) =>
            // Each moved claim appends to its journal; an action on one of them at the same moment takes a sequence number, so start over.
            ClaimJournal.WithRetryAsync(db, async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var result = await ApplyAsync(id, command, actor, cancellationToken);
                if (result.Outcome == Outcome.Done)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                return result;
            });

        private async Task<Result> ApplyAsync(long id, Command command, WorkflowActor actor, CancellationToken cancellationToken)
        {
            var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
            if (unit is null)
            {
                return new Result(Outcome.NotFound);
            }

            var now = time.GetUtcNow();
            if (command.MergeInto is { } targetId)
            {
                return await MergeAsync(unit, targetId, actor, now, cancellationToken);
            }

            var changes = new List<string>();
            if (command.Name is { } name && name.Trim() != unit.Name)
            {
                changes.Add($"Name: {unit.Name} → {name.Trim()}");
                unit.Name = name.Trim();
            }

            var location = string.IsNullOrWhiteSpace(command.Location) ? null : command.Location.Trim();
            if (command.Location is not null && location != unit.Location)
            {
                changes.Add($"Location: {unit.Location ?? "(none)"} → {location ?? "(none)"}");
                unit.Location = location;
            }

            if (changes.Count > 0)
            {
                unit.UpdatedAt = now;
                unit.Version++;
                db.UnitHistory.Add(History(unit.Id, actor, now, UnitChanges.Renamed, string.Join("; ", changes)));
            }

            return new Result(Outcome.Done);
        }

        private async Task<Result> MergeAsync(UnitRow unit, long targetId, WorkflowActor actor, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var errors = new FieldErrors();
            var target = await db.Units.FirstOrDefaultAsync(u => u.Id == targetId, cancellationToken);
            if (unit.MergedIntoId is not null)
            {
                errors.Add("mergeInto", "this unit is already merged into another");
            }
            else if (target is null)
            {
                errors.Add("mergeInto", "no unit has this id");
            }
            else if (target.Id == unit.Id)
            {
                errors.Add("mergeInto", "a unit cannot be merged into itself");
            }
            else if (target.MergedIntoId is not null)
            {
                errors.Add("mergeInto", "that unit is itself merged into another; merge into the one it was merged into");
            }
            else if (!string.Equals(target.Department.Trim(), unit.Department.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("mergeInto", $"must be a unit of the same department ({unit.Department})");
            }

            if (errors.Any)
            {
                return new Result(Outcome.Invalid, errors);
            }

            var data = new Dictionary<string, string>
            {
                ["fromUnitId"] = unit.Id.ToString(CultureInfo.InvariantCulture),
                ["toUnitId"] = target!.Id.ToString(CultureInfo.InvariantCulture),
            };
            var claims = await db.Claims.Where(c => c.UnitId == unit.Id).OrderBy(c => c.Number).ToListAsync(cancellationToken);
            foreach (var claim in claims)
            {
                claim.UnitId = target.Id;
                // Related claims are read by unit key: the moved claims join the target's.
                claim.UnitKey = target.UnitKey;
                claim.Version++;
                ClaimJournal.Append(db, claim, actor, ClaimJournal.UnitMerged, data, now);
            }

            // Units merged into this one earlier point straight at the target, so no chain of merges grows.
            await db.Units.Where(u => u.MergedIntoId == unit.Id).ForEachAsync(u => u.MergedIntoId = target.Id, cancellationToken);

            unit.MergedIntoId = target.Id;
            unit.UpdatedAt = now;
            unit.Version++;
            db.UnitHistory.Add(History(unit.Id, actor, now, UnitChanges.MergedInto, $"Merged into {target.Name} (unit {target.Id}); {claims.Count} claims moved."));

            var note = $"{unit.Name} (unit {unit.Id}) merged in; {claims.Count} claims moved.";
            var stronger = UnitStatuses.Strength(unit.Status) > UnitStatuses.Strength(target.Status);
            if (stronger)
            {
                note += $" Status {UnitStatuses.Name(target.Status)} → {UnitStatuses.Name(unit.Status)}.";
                target.Status = unit.Status;
                target.StatusOn = unit.StatusOn;
                target.AppealBy = unit.AppealBy;
            }

            target.UpdatedAt = now;
            target.Version++;
            var merged = History(target.Id, actor, now, UnitChanges.Merged, note);
            if (stronger)
            {
                merged.Status = target.Status;
                merged.StatusOn = target.StatusOn;
            }

            db.UnitHistory.Add(merged);
            return new Result(Outcome.Done, MovedClaims: claims.Count);
        }

        private static UnitHistoryRow History(long unitId, WorkflowActor actor, DateTimeOffset at, string change, string note) => new()
        {
            UnitId = unitId,
            At = at,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Change = change,
            Note = note.Length > 1000 ? note[..1000] : note,
        };
    }
}
