using System.Net.Mail;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Intake;

public static class OpenClaim
{
    public const string DefinitionId = "article-21-4-recognition";

    public static readonly string[] PhoneSystems = ["desk-phone", "cti", "acd"];

    // SEIU Local 1000 represents these State bargaining units.
    public static readonly string[] BargainingUnits = ["1", "3", "4", "11", "14", "15", "17", "20", "21"];

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

    public static FieldErrors Validate(Command command)
    {
        var errors = new FieldErrors();
        Text(errors, "member.name", command.Member?.Name, 200, required: true);
        if (Text(errors, "member.email", command.Member?.Email, 254, required: true) is { } email && !IsEmail(email))
        {
            errors.Add("member.email", "is not an e-mail address");
        }

        if (Text(errors, "member.phone", command.Member?.Phone, 40, required: false) is { } phone &&
            !phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or 'x'))
        {
            errors.Add("member.phone", "may hold only digits, spaces and + - ( ) . x");
        }

        Text(errors, "department", command.Department, 100, required: true);
        Text(errors, "workUnit", command.WorkUnit, 200, required: true);
        var unit = BargainingUnitText(command.BargainingUnit);
        if (unit is null)
        {
            errors.Add("bargainingUnit", "is required");
        }
        else if (!BargainingUnits.Contains(unit))
        {
            errors.Add("bargainingUnit", $"must be one of {string.Join(", ", BargainingUnits)}");
        }

        Text(errors, "classification", command.Classification, 200, required: true);
        foreach (var system in command.PhoneSystems ?? [])
        {
            // The JSON reader fills a string[] with nulls as readily as with strings.
            if (system is null)
            {
                errors.Add("phoneSystems", $"must hold only {string.Join(", ", PhoneSystems)}, not null");
            }
            else if (!PhoneSystems.Contains(system))
            {
                errors.Add("phoneSystems", $"'{Shorten(system)}' is not one of {string.Join(", ", PhoneSystems)}");
            }
        }

        Text(errors, "description", command.Description, 20_000, required: true);
        return errors;
    }

    public static string? BargainingUnitText(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => s.GetString()!.Trim(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static string? Text(FieldErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, "is required");
            }

            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters");
            return null;
        }

        // Everything else is stored as given; NUL alone cannot be stored by PostgreSQL.
        if (trimmed.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(field, "contains a NUL character");
            return null;
        }

        return trimmed;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, TimeProvider time, LocalClock clock, ReminderScheduler reminders)
    {
        public async Task<Result> HandleAsync(Command command, WorkflowActor actor, CancellationToken cancellationToken)
        {
            var errors = Validate(command);
            if (errors.Any)
            {
                return new Result(null, errors);
            }

            var member = command.Member!;
            var department = command.Department!.Trim();
            var workUnit = command.WorkUnit!.Trim();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var number = await ClaimNumbers.NextAsync(db, clock.Today().Year, cancellationToken);
            var (state, entry) = engine.Start(DefinitionId, actor, new Dictionary<string, string> { ["number"] = number });
            var claim = new Claim
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                Number = number,
                Member = new MemberInfo { Name = member.Name!.Trim(), Email = member.Email!.Trim(), Phone = string.IsNullOrWhiteSpace(member.Phone) ? null : member.Phone.Trim() },
                Department = department,
                WorkUnit = workUnit,
                UnitKey = ClaimMapping.UnitKey(department, workUnit),
                BargainingUnit = BargainingUnitText(command.BargainingUnit)!,
                Classification = command.Classification!.Trim(),
                PhoneSystems = string.Join(',', (command.PhoneSystems ?? []).Distinct().Order(StringComparer.Ordinal)),
                Description = command.Description!.Trim(),
                SearchText = (number + " " + member.Name!.Trim()).ToLowerInvariant(),
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
