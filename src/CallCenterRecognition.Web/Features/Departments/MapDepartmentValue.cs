using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Departments;

// An administrator says which department a stored value nobody recognises means ("Dept of Nowhere" → DMV). Each claim's change
// is a correction by that administrator, journaled on the claim; representatives covering the value are audited on their account.
public static class MapDepartmentValue
{
    public sealed record Command(string? Value, string? Code);

    public sealed record Result(int Claims, int Accounts, FieldErrors Errors);

    public sealed class Handler(AppDbContext db, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<Result> HandleAsync(Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var errors = new FieldErrors();
            if (string.IsNullOrEmpty(command.Value))
            {
                errors.Add("value", "is required");
            }

            var code = await db.Departments.AsNoTracking().Where(d => d.Code == command.Code).Select(d => d.Code).FirstOrDefaultAsync(cancellationToken);
            if (code is null)
            {
                errors.Add("code", "choose a department on the list");
            }

            if (errors.Any)
            {
                return new Result(0, 0, errors);
            }

            var value = command.Value!;
            var actor = user.ToActor();
            var claims = await MapKnownSpellings.RewriteClaimsAsync(db, value, code!, actor, time, cancellationToken);
            var accounts = await MapKnownSpellings.RewriteCoveredAsync(db, covered => covered == value ? code : null, actor.Id, actor.Name, time, cancellationToken);
            logger.LogInformation("{Claims} claims and {Accounts} accounts mapped to department {Code} by {ActorId}", claims, accounts, code, actor.Id);
            return new Result(claims, accounts, errors);
        }
    }
}
