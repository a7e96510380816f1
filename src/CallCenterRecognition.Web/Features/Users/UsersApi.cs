using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.Users;

public static class UsersApi
{
    public static void AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ListUsers.Handler>();
        builder.Services.AddScoped<UpdateUser.Handler>();
    }

    public static void MapUsersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/users", ListAsync).RequireAuthorization(Policies.Admin);
        app.MapPatch("/api/admin/users/{id}", UpdateAsync).RequireAuthorization(Policies.Admin);
    }

    private static async Task<IResult> ListAsync(ListUsers.Handler handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(new { items = await handler.HandleAsync(cancellationToken) });

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, UpdateUser.Handler handler, ListUsers.Handler list, CancellationToken cancellationToken)
    {
        var (command, problem) = await JsonBody.ReadAsync<UpdateUser.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = UpdateUser.Validate(command!);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await handler.HandleAsync(id, command!, http.User.Id());
        return result.Outcome switch
        {
            UpdateUser.Outcome.Done => TypedResults.Ok(await list.OneAsync(id, cancellationToken)),
            UpdateUser.Outcome.NotFound => Problems.NotFound("The account"),
            UpdateUser.Outcome.LastAdmin => Problems.Status(StatusCodes.Status409Conflict, "Last administrator", result.Reason!),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Conflict", result.Reason!),
        };
    }
}
