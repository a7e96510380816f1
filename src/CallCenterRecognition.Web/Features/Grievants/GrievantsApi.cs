using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Grievants;

public static class GrievantsApi
{
    public sealed record RemoveBody(string? Reason);

    public static void AddGrievants(this IServiceCollection services)
    {
        services.AddScoped<AddGrievant.Handler>();
        services.AddScoped<RemoveGrievant.Handler>();
    }

    public static void MapGrievantsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims/{id:guid}/grievants").RequireAuthorization(Policies.Staff);
        claims.MapPost("/", AddAsync).WithName("AddGrievant")
            .Accepts<AddGrievant.Command>("application/json").Produces<GrievantView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapDelete("/{grievantId:long}", RemoveAsync).WithName("RemoveGrievant")
            .Accepts<RemoveBody>("application/json").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> AddAsync(Guid id, HttpContext http, AppDbContext db, AddGrievant.Handler handler, CancellationToken cancellationToken)
    {
        // Who may add is known before the body is read: a caller refused gets 403 whatever they sent.
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return Problems.NotFound("The claim");
        }

        if (!AddGrievant.MayChange(http.User, claim))
        {
            return Problems.Forbidden("Only the assigned representative, the MRC or an administrator may add a grievant.");
        }

        var (command, problem) = await JsonBody.ReadAsync<AddGrievant.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await handler.HandleAsync(id, command!, http.User, cancellationToken);
        return result.Outcome switch
        {
            AddGrievant.Outcome.Done => TypedResults.Created($"/api/claims/{id}/grievants/{result.Grievant!.Id}", result.Grievant),
            AddGrievant.Outcome.ClaimNotFound => Problems.NotFound("The claim"),
            AddGrievant.Outcome.NoAccess => Problems.Forbidden(result.Reason!),
            AddGrievant.Outcome.Invalid => result.Errors!.ToProblem(),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Claim closed", result.Reason!),
        };
    }

    private static async Task<IResult> RemoveAsync(Guid id, long grievantId, HttpContext http, RemoveGrievant.Handler handler, CancellationToken cancellationToken)
    {
        string? reason = null;
        if (http.Request.ContentLength is > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync<RemoveBody>(http.Request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            reason = body?.Reason;
        }

        var result = await handler.HandleAsync(id, grievantId, reason, http.User, cancellationToken);
        return result.Outcome switch
        {
            RemoveGrievant.Outcome.Done => TypedResults.NoContent(),
            RemoveGrievant.Outcome.NotFound => Problems.NotFound("The grievant"),
            RemoveGrievant.Outcome.NoAccess => Problems.Forbidden(result.Reason!),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Cannot remove", result.Reason!),
        };
    }
}
