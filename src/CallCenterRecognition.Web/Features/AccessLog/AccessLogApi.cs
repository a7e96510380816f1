using System.Globalization;
using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.AccessLog;

public static class AccessLogApi
{
    public static void AddAccessLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RecordAccess.Recorder>();
        builder.Services.AddScoped<ListAccessLog.Handler>();
    }

    public static void MapAccessLogApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/claims/{id:guid}/access-log", ListAsync).RequireAuthorization(Policies.Admin).WithName("ListAccessLog");

    private static async Task<IResult> ListAsync(Guid id, string? page, string? pageSize, ListAccessLog.Handler handler, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = new ListAccessLog.Query(id, ParseInt(page, "page", errors), ParseInt(pageSize, "pageSize", errors));
        if (!errors.Any)
        {
            errors = ListAccessLog.Validate(query);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await handler.HandleAsync(query, cancellationToken);
        if (!result.ClaimFound)
        {
            return Problems.NotFound("The claim");
        }

        return TypedResults.Ok(new
        {
            items = result.Items.Select(i => new { at = i.At, userId = i.UserId, userName = i.UserName, action = i.Action, documentId = i.DocumentId, packetBuildId = i.PacketBuildId, fileName = i.FileName }),
            total = result.Total,
            page = result.Page,
            pageSize = result.PageSize,
        });
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
