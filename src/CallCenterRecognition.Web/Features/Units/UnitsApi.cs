using System.Globalization;
using CallCenterRecognition.Web.Infrastructure;
using static CallCenterRecognition.Web.Infrastructure.ApiShapes;

namespace CallCenterRecognition.Web.Features.Units;

public static class UnitsApi
{
    public static void AddUnits(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ListUnits.Handler>();
        builder.Services.AddScoped<GetUnit.Handler>();
        builder.Services.AddScoped<UpdateUnit.Handler>();
    }

    public static void MapUnitsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/units", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListUnits").Produces<ResultPage<ListUnits.Item>>().ProducesValidationProblem();
        app.MapGet("/api/units/{id:long}", GetAsync).RequireAuthorization(Policies.Staff).WithName("GetUnit").Produces<GetUnit.View>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPatch("/api/units/{id:long}", UpdateAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Ccwg, Roles.Admin)).WithName("UpdateUnit")
            .Accepts<UpdateUnit.Command>("application/json").Produces<GetUnit.View>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(string? department, string? status, string? q, string? page, string? pageSize, ListUnits.Handler handler, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = new ListUnits.Query(department, status, q, ParseInt(page, "page", errors), ParseInt(pageSize, "pageSize", errors));
        if (!errors.Any)
        {
            errors = ListUnits.Validate(query);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await handler.HandleAsync(query, cancellationToken);
        return TypedResults.Ok(new { items = result.Items, total = result.Total, page = result.Page, pageSize = result.PageSize });
    }

    private static async Task<IResult> GetAsync(long id, HttpContext http, GetUnit.Handler handler, CancellationToken cancellationToken) =>
        await handler.HandleAsync(id, http.User, cancellationToken) is { } view ? TypedResults.Ok(view) : Problems.NotFound("The unit");

    private static async Task<IResult> UpdateAsync(long id, HttpContext http, UpdateUnit.Handler handler, GetUnit.Handler get, CancellationToken cancellationToken)
    {
        var (command, problem) = await JsonBody.ReadAsync<UpdateUnit.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = UpdateUnit.Validate(command!);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await handler.HandleAsync(id, command!, http.User.ToActor(), cancellationToken);
        return result.Outcome switch
        {
            UpdateUnit.Outcome.Done => TypedResults.Ok(await get.HandleAsync(id, http.User, cancellationToken)),
            UpdateUnit.Outcome.NotFound => Problems.NotFound("The unit"),
            _ => result.Errors!.ToProblem(),
        };
    }

    private static int? ParseInt(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(field, "must be a whole number");
        return null;
    }
}
