using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Intake;

public static class OpenClaim
{
    public const string DefinitionId = "article-21-4-recognition";

    public sealed record MemberInput(string? Name, string? Email, string? Phone, string? Language = null);

    public sealed record Command(
        MemberInput? Member,
        string? Department,
        string? WorkUnit,
        JsonElement? BargainingUnit,
        string? Classification,
        string[]? PhoneSystems,
        string? Description,
        string? DefinitionId = null);

    // Refused because the unit's standing calls for another process (a recognized unit gets a differential follow-up, not a grievance).
    public sealed record UnitConflict(long? UnitId, string UnitStatus, string Reason, IReadOnlyList<string> DefinitionIds);

    public sealed record Result(Claim? Claim, FieldErrors Errors, UnitConflict? Conflict = null);

    public sealed record Values(string Name, string Email, string? Phone, string Language, string Department, string WorkUnit, string BargainingUnit, string Classification, string PhoneSystems, string Description);

    // Every field is required at intake except the member's phone and the phone systems.
    public static (Values? Values, FieldErrors Errors) Read(Command command, DepartmentList departments)
    {
        var errors = new FieldErrors();
        var name = ClaimFields.Name(errors, command.Member?.Name);
        var email = ClaimFields.Email(errors, command.Member?.Email);
        var phone = ClaimFields.Phone(errors, command.Member?.Phone);
        var language = ClaimFields.Language(errors, command.Member?.Language);
        var department = ClaimFields.DepartmentCode(errors, command.Department, departments);
        var workUnit = ClaimFields.WorkUnitText(errors, command.WorkUnit);
        var bargainingUnit = ClaimFields.BargainingUnitText(errors, command.BargainingUnit);
        var classification = ClaimFields.ClassificationText(errors, command.Classification);
        var phoneSystems = ClaimFields.PhoneSystemsText(errors, command.PhoneSystems);
        var description = ClaimFields.DescriptionText(errors, command.Description);
        return errors.Any
            ? (null, errors)
            : (new Values(name!, email!, phone, language!, department!, workUnit!, bargainingUnit!, classification!, phoneSystems!, description!), errors);
    }

    public static FieldErrors Validate(Command command, DepartmentList departments) => Read(command, departments).Errors;

    // The definition a claim for this unit opens: one whose condition holds for the unit, else one that names none.
    public static (string? DefinitionId, UnitConflict? Conflict) ChooseDefinition(WorkflowRegistry registry, string? requested, UnitRow? unit)
    {
        var status = unit?.Status ?? UnitStatuses.None;
        var conditioned = registry.Latest.Where(d => d.OpensWhen is { } condition && UnitOpenConditions.Holds(condition, unit)).Select(d => d.DefinitionId).Order(StringComparer.Ordinal).ToList();
        var chosen = requested ?? (conditioned.Count > 0 ? null : DefinitionId);
        if (chosen is null || (conditioned.Count > 0 && !conditioned.Contains(chosen, StringComparer.Ordinal)))
        {
            return (null, new UnitConflict(unit?.Id, status, $"The unit is {UnitStatuses.Name(status).ToLowerInvariant()}: open {string.Join(" or ", conditioned)} instead of a grievance.", conditioned));
        }

        var definition = registry.FindLatest(chosen);
        if (definition is null)
        {
            return (null, null);
        }

        if (definition.OpensWhen is { } own && !UnitOpenConditions.Holds(own, unit))
        {
            return (null, new UnitConflict(unit?.Id, status, $"{chosen} opens only for a unit recognized as a call center; this unit's status is {status}.", [DefinitionId]));
        }

        return (chosen, null);
    }

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, TimeProvider time, LocalClock clock, ReminderScheduler reminders, UnitLookup units, FollowUnitStatus unitStatus)
    {
        public async Task<Result> HandleAsync(Command command, WorkflowActor actor, CancellationToken cancellationToken)
        {
            var (values, errors) = Read(command, await DepartmentList.LoadAsync(db, cancellationToken));
            var requested = string.IsNullOrWhiteSpace(command.DefinitionId) ? null : command.DefinitionId.Trim();
            if (requested is not null && engine.Registry.FindLatest(requested) is null)
            {
                errors.Add("definitionId", $"is not a published workflow; use one of {string.Join(", ", engine.Registry.Latest.Select(d => d.DefinitionId).Order(StringComparer.Ordinal))}");
            }

            if (values is null || errors.Any)
            {
                return new Result(null, errors);
            }

            var (definitionId, conflict) = ChooseDefinition(engine.Registry, requested, await units.FindAsync(values.Department, values.WorkUnit, cancellationToken));
            if (conflict is not null || definitionId is null)
            {
                return new Result(null, errors, conflict);
            }

            var unit = await units.FindOrAddAsync(values.Department, values.WorkUnit, actor, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var number = await ClaimNumbers.NextAsync(db, clock.Today().Year, cancellationToken);
            var (state, entry) = engine.Start(definitionId, actor, new Dictionary<string, string> { ["number"] = number });
            var claim = new Claim
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                Number = number,
                Member = new MemberInfo { Name = values.Name, Email = values.Email, Phone = values.Phone, Language = values.Language },
                Department = values.Department,
                WorkUnit = values.WorkUnit,
                // The unit's own key: a spelling merged into another unit finds that unit's claims as related.
                UnitKey = unit.UnitKey,
                UnitId = unit.Id,
                BargainingUnit = values.BargainingUnit,
                Classification = values.Classification,
                PhoneSystems = values.PhoneSystems,
                Description = values.Description,
                SearchText = ClaimMapping.SearchText(number, values.Name),
                OpenedAt = entry.At,
                OpenedById = actor.Id,
            };
            var definition = engine.DefinitionOf(state);
            claim.Apply(state, definition);
            db.Claims.Add(claim);
            db.JournalEntries.Add(entry.ToRow(claim.Id));
            db.Grievants.Add(new ClaimGrievantRow
            {
                ClaimId = claim.Id,
                Position = 0,
                Name = values.Name,
                Email = values.Email,
                Phone = values.Phone,
                Language = values.Language,
                Classification = values.Classification,
                ConsentOn = clock.Today(),
                AddedAt = entry.At,
            });
            await unitStatus.AfterAsync(claim, definition, null, new Dictionary<string, string>(), actor, entry.At, cancellationToken);
            await reminders.ApplyAsync(claim, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            reminders.SendNoticesNow();
            return new Result(claim, errors);
        }
    }
}
