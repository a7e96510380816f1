using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Intake;

public static class OpenClaim
{
    public const string DefinitionId = "article-21-4-recognition";

    public sealed record MemberInput(string? Name, string? Email, string? Phone);

    public sealed record Command(
        MemberInput? Member,
        string? Department,
        string? WorkUnit,
        JsonElement? BargainingUnit,
        string? Classification,
        string[]? PhoneSystems,
        string? Description);

    public sealed record Result(Claim? Claim, FieldErrors Errors);

    public sealed record Values(string Name, string Email, string? Phone, string Department, string WorkUnit, string BargainingUnit, string Classification, string PhoneSystems, string Description);

    // Every field is required at intake except the member's phone and the phone systems.
    public static (Values? Values, FieldErrors Errors) Read(Command command, DepartmentList departments)
    {
        var errors = new FieldErrors();
        var name = ClaimFields.Name(errors, command.Member?.Name);
        var email = ClaimFields.Email(errors, command.Member?.Email);
        var phone = ClaimFields.Phone(errors, command.Member?.Phone);
        var department = ClaimFields.DepartmentCode(errors, command.Department, departments);
        var workUnit = ClaimFields.WorkUnitText(errors, command.WorkUnit);
        var bargainingUnit = ClaimFields.BargainingUnitText(errors, command.BargainingUnit);
        var classification = ClaimFields.ClassificationText(errors, command.Classification);
        var phoneSystems = ClaimFields.PhoneSystemsText(errors, command.PhoneSystems);
        var description = ClaimFields.DescriptionText(errors, command.Description);
        return errors.Any
            ? (null, errors)
            : (new Values(name!, email!, phone, department!, workUnit!, bargainingUnit!, classification!, phoneSystems!, description!), errors);
    }

    public static FieldErrors Validate(Command command, DepartmentList departments) => Read(command, departments).Errors;

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, TimeProvider time, LocalClock clock, ReminderScheduler reminders)
    {
        public async Task<Result> HandleAsync(Command command, WorkflowActor actor, CancellationToken cancellationToken)
        {
            var (values, errors) = Read(command, await DepartmentList.LoadAsync(db, cancellationToken));
            if (values is null)
            {
                return new Result(null, errors);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var number = await ClaimNumbers.NextAsync(db, clock.Today().Year, cancellationToken);
            var (state, entry) = engine.Start(DefinitionId, actor, new Dictionary<string, string> { ["number"] = number });
            var claim = new Claim
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                Number = number,
                Member = new MemberInfo { Name = values.Name, Email = values.Email, Phone = values.Phone },
                Department = values.Department,
                WorkUnit = values.WorkUnit,
                UnitKey = ClaimMapping.UnitKey(values.Department, values.WorkUnit),
                BargainingUnit = values.BargainingUnit,
                Classification = values.Classification,
                PhoneSystems = values.PhoneSystems,
                Description = values.Description,
                SearchText = ClaimMapping.SearchText(number, values.Name),
                OpenedAt = entry.At,
                OpenedById = actor.Id,
            };
            claim.Apply(state, engine.DefinitionOf(state));
            db.Claims.Add(claim);
            db.JournalEntries.Add(entry.ToRow(claim.Id));
            await reminders.ApplyAsync(claim, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            reminders.SendNoticesNow();
            return new Result(claim, errors);
        }
    }
}
