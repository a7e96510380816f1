using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Intake;

// Open claims that an intake may duplicate: the same member (e-mail) or the same unit (department + work unit).
public static class FindDuplicates
{
    public const int MaxResults = 20;

    public sealed record Query(string? Email, string? Department, string? WorkUnit);

    public sealed record Match(Guid Id, string Number, string MemberName, string Department, string WorkUnit, string Stage, string StageName, DateTimeOffset OpenedAt, bool SameMember, bool SameUnit);

    public static FieldErrors Validate(Query query)
    {
        var errors = new FieldErrors();
        if (query.Email is { Length: > 254 })
        {
            errors.Add("email", "must be at most 254 characters");
        }

        if (query.Department is { Length: > 100 })
        {
            errors.Add("department", "must be at most 100 characters");
        }

        if (query.WorkUnit is { Length: > 200 })
        {
            errors.Add("workUnit", "must be at most 200 characters");
        }

        return errors;
    }

    public sealed class Handler(AppDbContext db, WorkflowEngine engine)
    {
        public async Task<IReadOnlyList<Match>> HandleAsync(Query query, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var email = string.IsNullOrWhiteSpace(query.Email) ? null : query.Email.Trim().ToLowerInvariant();
            // Claims store the code, so "Employment Development Department" finds EDD's; a value the list does not know is matched
            // as typed, which still finds claims stored under it before an administrator mapped it.
            var unitKey = string.IsNullOrWhiteSpace(query.Department) || string.IsNullOrWhiteSpace(query.WorkUnit)
                ? null
                : ClaimMapping.UnitKey((await DepartmentList.LoadAsync(db, cancellationToken)).Find(query.Department)?.Code ?? query.Department.Trim(), query.WorkUnit.Trim());
            if (email is null && unitKey is null)
            {
                return [];
            }

            var claims = db.Claims.AsNoTracking().Where(c => !c.IsClosed);
            if (!user.SeesAllClaims())
            {
                var userId = user.Id();
                claims = claims.Where(c => c.AssignedRepresentativeId == userId);
            }

            var rows = await claims
                .Where(c => (email != null && c.Member.Email.ToLower() == email) || (unitKey != null && c.UnitKey == unitKey))
                .OrderByDescending(c => c.OpenedAt)
                .Take(MaxResults)
                .Select(c => new { c.Id, c.Number, MemberName = c.Member.Name, MemberEmail = c.Member.Email, c.Department, c.WorkUnit, c.UnitKey, c.Stage, c.DefinitionId, c.DefinitionVersion, c.OpenedAt })
                .ToListAsync(cancellationToken);
            return [.. rows.Select(r => new Match(
                r.Id,
                r.Number,
                r.MemberName,
                r.Department,
                r.WorkUnit,
                r.Stage,
                ClaimMapping.StageName(engine, r.DefinitionId, r.DefinitionVersion, r.Stage),
                r.OpenedAt,
                email != null && string.Equals(r.MemberEmail, email, StringComparison.OrdinalIgnoreCase),
                unitKey != null && r.UnitKey == unitKey))];
        }
    }

    public static void MapFindDuplicatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/claims/duplicates", async (string? email, string? department, string? workUnit, HttpContext http, Handler handler, CancellationToken cancellationToken) =>
        {
            var query = new Query(email, department, workUnit);
            var errors = Validate(query);
            if (errors.Any)
            {
                return (IResult)errors.ToProblem();
            }

            return TypedResults.Ok(await handler.HandleAsync(query, http.User, cancellationToken));
        }).RequireAuthorization(Policies.Staff).WithName("FindDuplicateClaims");
    }
}
