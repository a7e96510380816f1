using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Departments;

// Another spelling intake may be given for a department, e.g. a name without "California". Claims already stored under that
// spelling move to the code at once (MapKnownSpellings).
public static class AddDepartmentAlias
{
    public sealed record Command(string? Code, string? Alias);

    public sealed class Handler(AppDbContext db, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<FieldErrors> HandleAsync(Command command, string actorId, CancellationToken cancellationToken)
        {
            var errors = new FieldErrors();
            var alias = AddDepartment.Text(errors, "alias", command.Alias, AddDepartment.MaxAlias);
            var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == command.Code, cancellationToken);
            if (department is null)
            {
                errors.Add("code", "choose a department on the list");
            }

            if (errors.Any)
            {
                return errors;
            }

            var list = await DepartmentList.LoadAsync(db, cancellationToken);
            if (list.Find(alias!) is { } owner)
            {
                errors.Add("alias", owner.Code == department!.Code ? $"'{alias}' already names {owner.Code}" : $"'{alias}' already names {owner.Code} ({owner.Name})");
                return errors;
            }

            // A new list, so EF sees the primitive collection change.
            department!.Aliases = [.. department.Aliases, alias!];
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Alias added to department {Code} by {ActorId}", department.Code, actorId);
            await MapKnownSpellings.RunAsync(db, time, cancellationToken);
            return errors;
        }
    }
}
