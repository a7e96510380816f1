using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.Departments;

// An administrator adds a department the shipped list lacks. Every spelling it brings must be free: one spelling, one department.
public static class AddDepartment
{
    public const int MaxAlias = 100;

    public sealed record Command(string? Code, string? Name, string? Aliases);

    public sealed record Result(DepartmentRow? Department, FieldErrors Errors);

    public sealed class Handler(AppDbContext db, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<Result> HandleAsync(Command command, string actorId, CancellationToken cancellationToken)
        {
            var errors = new FieldErrors();
            var code = Text(errors, "code", command.Code, DepartmentModel.MaxCode);
            if (code is not null && !code.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '&'))
            {
                errors.Add("code", "may hold only letters, digits, spaces, - and &");
                code = null;
            }

            var name = Text(errors, "name", command.Name, DepartmentModel.MaxName);
            var aliases = Aliases(errors, "aliases", command.Aliases);
            if (errors.Any)
            {
                return new Result(null, errors);
            }

            var list = await DepartmentList.LoadAsync(db, cancellationToken);
            foreach (var (field, spelling) in new[] { ("code", code!), ("name", name!) }.Concat(aliases.Select(a => ("aliases", a))))
            {
                if (list.Find(spelling) is { } owner)
                {
                    errors.Add(field, $"'{spelling}' already names {owner.Code} ({owner.Name})");
                }
            }

            if (errors.Any)
            {
                return new Result(null, errors);
            }

            var row = new DepartmentRow { Code = code!, Name = name!, Aliases = [.. aliases.DistinctBy(DepartmentList.Key)], Active = true };
            db.Departments.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Department {Code} added by {ActorId}", row.Code, actorId);
            await MapKnownSpellings.RunAsync(db, time, cancellationToken);
            return new Result(row, errors);
        }
    }

    public static string? Text(FieldErrors errors, string field, string? value, int max)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(field, "is required");
            return null;
        }

        if (trimmed.Length > max)
        {
            errors.Add(field, $"must be at most {max} characters");
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            errors.Add(field, "must not contain control characters");
            return null;
        }

        return trimmed;
    }

    // Comma-separated, blanks dropped.
    public static List<string> Aliases(FieldErrors errors, string field, string? value)
    {
        var aliases = new List<string>();
        foreach (var part in (value ?? string.Empty).Split(',').Select(a => a.Trim()).Where(a => a.Length > 0))
        {
            if (Text(errors, field, part, MaxAlias) is { } alias)
            {
                aliases.Add(alias);
            }
        }

        return aliases;
    }
}
