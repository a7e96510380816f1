using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.Users;

public static class UsersApi
{
    public static void AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ListUsers.Handler>();
        builder.Services.AddScoped<UpdateUser.Handler>();
        builder.Services.AddScoped<InviteUser.Handler>();
        builder.Services.AddScoped<SendPasswordLink.Handler>();
        builder.Services.AddScoped<SendPasswordReset.Handler>();
        builder.Services.AddScoped<SetPassword.Handler>();
        builder.Services.AddScoped<ReassignCaseload.Handler>();
    }

    public static void MapUsersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/users", ListAsync).RequireAuthorization(Policies.Admin).WithName("ListUsers");
        app.MapPost("/api/admin/users", InviteAsync).RequireAuthorization(Policies.Admin).WithName("InviteUser")
            .Accepts<InviteUser.Command>("application/json").Produces<UserView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPatch("/api/admin/users/{id}", UpdateAsync).RequireAuthorization(Policies.Admin).WithName("UpdateUser")
            .Accepts<UpdateUser.Command>("application/json").Produces<UserView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/admin/users/{id}/password-reset", ResetAsync).RequireAuthorization(Policies.Admin).WithName("SendPasswordReset");
        app.MapPost("/api/admin/users/{id}/reassign", ReassignAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Ccwg, Roles.Admin)).WithName("ReassignCaseload")
            .Accepts<ReassignCaseload.Command>("application/json").Produces<ReassignCaseload.Report>().ProducesValidationProblem();
    }

    private static async Task<IResult> ListAsync(ListUsers.Handler handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(new { items = await handler.HandleAsync(cancellationToken) });

    private static async Task<IResult> InviteAsync(HttpContext http, InviteUser.Handler handler, ListUsers.Handler list, CancellationToken cancellationToken)
    {
        var (command, problem) = await JsonBody.ReadAsync<InviteUser.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = InviteUser.Validate(command!);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = http.User.ToActor();
        var result = await handler.HandleAsync(command!, actor.Id, actor.Name, cancellationToken);
        return result.Outcome switch
        {
            InviteUser.Outcome.Done => TypedResults.Created($"/admin/users/{result.User!.Id}", await list.OneAsync(result.User.Id, cancellationToken)),
            InviteUser.Outcome.EmailInUse => Problems.Status(StatusCodes.Status409Conflict, "E-mail in use", result.Reason!),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Conflict", result.Reason!),
        };
    }

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

        var actor = http.User.ToActor();
        var result = await handler.HandleAsync(id, command!, actor.Id, actor.Name);
        return result.Outcome switch
        {
            UpdateUser.Outcome.Done => TypedResults.Ok(await list.OneAsync(id, cancellationToken)),
            UpdateUser.Outcome.NotFound => Problems.NotFound("The account"),
            UpdateUser.Outcome.LastAdmin => Problems.Status(StatusCodes.Status409Conflict, "Last administrator", result.Reason!),
            UpdateUser.Outcome.Invalid => result.Errors!.ToProblem(),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Conflict", result.Reason!),
        };
    }

    private static async Task<IResult> ResetAsync(string id, HttpContext http, SendPasswordReset.Handler handler, CancellationToken cancellationToken)
    {
        var actor = http.User.ToActor();
        var result = await handler.HandleAsync(id, actor.Id, actor.Name, cancellationToken);
        return result.Outcome switch
        {
            SendPasswordReset.Outcome.Done => TypedResults.Ok(new { sent = true, expiresAt = result.ExpiresAt }),
            SendPasswordReset.Outcome.NotFound => Problems.NotFound("The account"),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Account deactivated", "This account is deactivated; reactivate it before sending a password link."),
        };
    }

    private static async Task<IResult> ReassignAsync(string id, HttpContext http, ReassignCaseload.Handler handler, CancellationToken cancellationToken)
    {
        var (command, problem) = await JsonBody.ReadAsync<ReassignCaseload.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await handler.HandleAsync(id, command!, http.User, cancellationToken);
        return result.Outcome switch
        {
            ReassignCaseload.Outcome.Done => TypedResults.Ok(new ReassignCaseload.Report(result.Moved, result.NotMoved)),
            ReassignCaseload.Outcome.NotFound => Problems.NotFound("The account"),
            _ => result.Errors!.ToProblem(),
        };
    }
}
