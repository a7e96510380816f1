using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Intake;

// What intake should do for the unit being typed: its standing, its open claims a member can join, and which process opens.
public static class CheckUnit
{
    public sealed record UnitInfo(long Id, string Name, string Department, string WorkUnit, string Status, string StatusName, DateOnly? StatusOn);

    public sealed record OpenClaimInfo(Guid Id, string Number, string StageName, string DefinitionId, bool MayAddGrievant);

    public sealed record Answer(UnitInfo? Unit, string? Opens, string? Reason, IReadOnlyList<OpenClaimInfo> OpenClaims);

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, UnitLookup units)
    {
        public async Task<Answer> HandleAsync(string department, string workUnit, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var unit = await units.FindAsync(department.Trim(), workUnit.Trim(), cancellationToken);
            var (opens, conflict) = OpenClaim.ChooseDefinition(engine.Registry, null, unit);
            opens ??= conflict?.DefinitionIds.FirstOrDefault();
            if (unit is null)
            {
                return new Answer(null, opens, conflict?.Reason, []);
            }

            var rows = await db.Claims.AsNoTracking()
                .Where(c => c.UnitId == unit.Id && !c.IsClosed)
                .OrderBy(c => c.OpenedAt)
                .Take(20)
                .ToListAsync(cancellationToken);
            var open = rows
                .Where(user.CanSee)
                .Select(c => new OpenClaimInfo(c.Id, c.Number, ClaimMapping.StageName(engine, c), c.DefinitionId, Grievants.AddGrievant.MayChange(user, c)))
                .ToList();
            return new Answer(
                new UnitInfo(unit.Id, unit.Name, unit.Department, unit.WorkUnit, unit.Status ?? UnitStatuses.None, UnitStatuses.Name(unit.Status), unit.StatusOn),
                opens,
                conflict?.Reason,
                open);
        }
    }

    public static void MapCheckUnitApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/intake/unit", async (string? department, string? workUnit, HttpContext http, Handler handler, CancellationToken cancellationToken) =>
        {
            var errors = new FieldErrors();
            if (string.IsNullOrWhiteSpace(department) || department.Length > 100)
            {
                errors.Add("department", "is required, at most 100 characters");
            }

            if (string.IsNullOrWhiteSpace(workUnit) || workUnit.Length > 200)
            {
                errors.Add("workUnit", "is required, at most 200 characters");
            }

            return errors.Any ? (IResult)errors.ToProblem() : TypedResults.Ok(await handler.HandleAsync(department!, workUnit!, http.User, cancellationToken));
        }).RequireAuthorization(Policies.OpenClaims).WithName("CheckIntakeUnit");
    }
}
