using System.Globalization;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Units;

// Recognition belongs to the unit, not to the claim that won it: after a claim moves, the unit's status follows the
// milestone of the stage it entered (the definition marks which stage is CalHR's recognition). The claim and the unit's
// history both record the change; the caller saves with the action.
public sealed class FollowUnitStatus(AppDbContext db, LocalClock clock)
{
    public const string JournalAction = "unit-status-changed";

    public async Task AfterAsync(Claim claim, WorkflowDefinition definition, ActionDefinition? action, IReadOnlyDictionary<string, string> inputs, WorkflowActor actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var unit = claim.UnitId is { } unitId ? await Claims.ClaimQueries.UnitStatusAsync(db, unitId) : null;
        await AfterAsync(claim, unit, definition, action, inputs, actor, at, cancellationToken);
    }

    // With the unit's status as read beside the claim (ClaimQueries.ForUpdateAsync).
    public async Task AfterAsync(Claim claim, Claims.ClaimQueries.UnitStatusNow? unit, WorkflowDefinition definition, ActionDefinition? action, IReadOnlyDictionary<string, string> inputs, WorkflowActor actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (claim.UnitId is not { } unitId || unit is null || unit.Id != unitId)
        {
            return;
        }

        var stage = definition.StagesById[claim.Stage];
        string? status;
        DateOnly? statusOn = null;
        DateOnly? appealBy = null;
        var fromMilestone = UnitStatuses.OfMilestone(stage.Milestone);
        if (fromMilestone is not null && UnitStatuses.IsRecognized(unit.Status) && UnitStatuses.Stronger(unit.Status, fromMilestone) == unit.Status && fromMilestone != unit.Status)
        {
            // A later claim's recognition or denial does not undo a recognition or a differential the unit already has.
            return;
        }

        if (fromMilestone is not null)
        {
            status = fromMilestone;
            statusOn = DateInput(action, inputs) ?? clock.Today();
            appealBy = status == UnitStatuses.Denied && claim.DueAt is { } due ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, clock.Zone).DateTime) : null;
        }
        else if (!claim.IsClosed)
        {
            // A new or appealed claim reopens the question; a recognized unit stays recognized while its follow-ups run.
            status = unit.Status is null or UnitStatuses.None or UnitStatuses.Denied ? UnitStatuses.ClaimOpen : unit.Status;
            statusOn = status == unit.Status ? unit.StatusOn : null;
        }
        else if (unit.Status == UnitStatuses.ClaimOpen && !await db.Claims.AnyAsync(c => c.UnitId == unitId && !c.IsClosed && c.Id != claim.Id, cancellationToken))
        {
            // The last open claim ended without a decision: the unit is back where its last decision left it.
            var last = await db.UnitHistory.Where(h => h.UnitId == unitId && h.Status != null && h.Status != UnitStatuses.ClaimOpen && h.Status != UnitStatuses.None)
                .OrderByDescending(h => h.Id).Select(h => new { h.Status, h.StatusOn }).FirstOrDefaultAsync(cancellationToken);
            status = last?.Status ?? UnitStatuses.None;
            statusOn = last?.StatusOn;
        }
        else
        {
            return;
        }

        if (status == unit.Status && statusOn == unit.StatusOn)
        {
            return;
        }

        var row = await db.Units.FirstAsync(u => u.Id == unitId, cancellationToken);
        row.Status = status;
        row.StatusOn = statusOn;
        row.AppealBy = appealBy;
        row.UpdatedAt = at;
        row.Version++;
        db.UnitHistory.Add(new UnitHistoryRow
        {
            UnitId = unit.Id,
            At = at,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Change = UnitChanges.Status,
            Status = status,
            StatusOn = statusOn,
            ClaimId = claim.Id,
            ClaimNumber = claim.Number,
        });

        if (fromMilestone is not null)
        {
            var data = new Dictionary<string, string>
            {
                ["unitId"] = unit.Id.ToString(CultureInfo.InvariantCulture),
                ["unitStatus"] = status,
            };
            if (statusOn is { } on)
            {
                data["statusOn"] = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            ClaimJournal.Append(db, claim, actor, JournalAction, data, at);
        }
    }

    // The decision's own date (decidedOn, effectiveOn): the action's first date input.
    private static DateOnly? DateInput(ActionDefinition? action, IReadOnlyDictionary<string, string> inputs)
    {
        var name = action?.Inputs.FirstOrDefault(i => i.Type == InputType.Date)?.Name;
        return name is not null && inputs.TryGetValue(name, out var text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }
}
