using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.AccessLog;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Infrastructure;
using static CallCenterRecognition.Web.Infrastructure.ApiShapes;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Claims;

public static class ClaimsApi
{
    public static void MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims").RequireAuthorization(Policies.Staff);
        claims.MapPost("/", OpenAsync).RequireAuthorization(Policies.OpenClaims).WithName("OpenClaim")
            .Accepts<OpenClaim.Command>("application/json").Produces<ClaimView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .Produces<UnitProcessConflictProblem>(StatusCodes.Status409Conflict, "application/problem+json");
        claims.MapGet("/", ListAsync).WithName("ListClaims").Produces<ResultPage<ClaimSummary>>().ProducesValidationProblem();
        claims.MapGet("/{id:guid}", GetAsync).WithName("GetClaim").Produces<ClaimView>().ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapPatch("/{id:guid}", CorrectAsync).WithName("CorrectClaim")
            .Accepts<CorrectClaim.Command>("application/json").Produces<ClaimView>().ProducesValidationProblem()
            .Produces<ClaimClosedProblem>(StatusCodes.Status409Conflict, "application/problem+json").Produces<ClaimChangedProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json");
        claims.MapPut("/{id:guid}/statement", EditStatementAsync).WithName("EditStatement")
            .Accepts<EditStatement.Command>("application/json").Produces<ClaimView>().ProducesValidationProblem()
            .Produces<ClaimClosedProblem>(StatusCodes.Status409Conflict, "application/problem+json").Produces<ClaimChangedProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json");
        claims.MapPost("/{id:guid}/actions/{actionId}", FireAsync).WithName("FireAction")
            .Produces<ClaimView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<ActionNotAllowedProblem>(StatusCodes.Status409Conflict, "application/problem+json")
            .Produces<ClaimChangedProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json")
            .Produces<EvidenceMissingProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json");
        claims.MapGet("/{id:guid}/journal", JournalAsync).WithName("GetJournal").Produces<List<JournalEntryView>>();
        claims.MapGet("/{id:guid}/journal/verify", VerifyJournalAsync).WithName("VerifyJournal").Produces<Journal.VerifyJournal.Result>();
    }

    private static async Task<IResult> OpenAsync(HttpContext http, OpenClaim.Handler handler, ClaimViewBuilder views, CancellationToken cancellationToken)
    {
        var (command, problem) = await JsonBody.ReadAsync<OpenClaim.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await handler.HandleAsync(command!, http.User.ToActor(), cancellationToken);
        if (result.Errors.Any)
        {
            return result.Errors.ToProblem();
        }

        if (result.Conflict is { } conflict)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "The unit calls for another process", conflict.Reason, new Dictionary<string, object?>
            {
                ["unitId"] = conflict.UnitId,
                ["unitStatus"] = conflict.UnitStatus,
                ["definitionIds"] = conflict.DefinitionIds,
            });
        }

        var view = await views.BuildAsync(result.Claim!, http.User, cancellationToken);
        http.Response.Headers.ETag = ETag(view.Version);
        return TypedResults.Created($"/api/claims/{view.Id}", view);
    }

    private static async Task<IResult> ListAsync(
        HttpContext http,
        ListClaims.Handler handler,
        string? stage,
        string? department,
        string? q,
        string? page,
        string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = new ListClaims.Query(stage, department, q, ParseInt(page, "page", errors), ParseInt(pageSize, "pageSize", errors));
        if (!errors.Any)
        {
            errors = ListClaims.Validate(query);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await handler.HandleAsync(query, http.User, cancellationToken);
        return TypedResults.Ok(new { items = result.Items, total = result.Total, page = result.Page, pageSize = result.PageSize });
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, AppDbContext db, ClaimViewBuilder views, RecordAccess.Recorder accessLog, CancellationToken cancellationToken)
    {
        // Both reads on one connection: taking a pooled connection twice per view was a tenth of its cost.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var claim = await ClaimQueries.WithRepresentativeAsync(db, id);
            if (claim is null)
            {
                return Problems.NotFound("The claim");
            }

            if (!http.User.CanSee(claim))
            {
                return Problems.Forbidden("You may see only claims assigned to you.");
            }

            // Written while the view is built, so the read waits for the log's commit only if that is the slower of the two.
            var recorded = accessLog.RecordAsync(http.User, new(id, RecordAccess.Actions.ClaimViewed));
            var view = await views.BuildAsync(claim, http.User, cancellationToken);
            await recorded;
            http.Response.Headers.ETag = ETag(view.Version);
            return TypedResults.Ok(view);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<IResult> FireAsync(
        Guid id,
        string actionId,
        HttpContext http,
        FireAction.Handler handler,
        ClaimViewBuilder views,
        CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        int? expectedVersion = null;
        var errors = new FieldErrors();
        if (http.Request.ContentLength is not 0 && (http.Request.ContentLength is not null || http.Request.ContentType is not null))
        {
            var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            foreach (var property in body!.Value.EnumerateObject())
            {
                if (property.NameEquals("expectedVersion"))
                {
                    if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var version))
                    {
                        expectedVersion = version;
                    }
                    else
                    {
                        errors.Add("expectedVersion", "must be a whole number");
                    }
                }
                else
                {
                    inputs[property.Name] = property.Value;
                }
            }
        }

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (!string.IsNullOrEmpty(ifMatch))
        {
            if (int.TryParse(ifMatch.Replace("W/", string.Empty, StringComparison.Ordinal).Trim('"', ' '), NumberStyles.None, CultureInfo.InvariantCulture, out var headerVersion))
            {
                if (expectedVersion is { } bodyVersion && bodyVersion != headerVersion)
                {
                    errors.Add("expectedVersion", "differs from the If-Match header");
                }

                expectedVersion ??= headerVersion;
            }
            else
            {
                errors.Add("If-Match", "must be the claim's ETag, e.g. \"3\"");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await handler.HandleAsync(new FireAction.Command(id, actionId, expectedVersion, inputs), http.User, cancellationToken);
        switch (result.Outcome)
        {
            case FireAction.Outcome.Done:
                var view = await views.BuildAsync(result.Claim!, http.User, cancellationToken, result.Representative);
                http.Response.Headers.ETag = ETag(view.Version);
                return TypedResults.Ok(view);
            case FireAction.Outcome.ClaimNotFound:
                return Problems.NotFound("The claim");
            case FireAction.Outcome.NoAccess or FireAction.Outcome.Forbidden:
                return Problems.Forbidden(result.Reason ?? "You may not do this.");
            case FireAction.Outcome.UnknownAction:
                return Problems.Status(StatusCodes.Status404NotFound, "Unknown action", result.Reason ?? actionId);
            case FireAction.Outcome.NotPermittedInStage or FireAction.Outcome.Conflict:
                return Problems.Status(
                    StatusCodes.Status409Conflict,
                    "Action not allowed now",
                    $"{result.Reason}. Allowed now: {(result.Permitted!.Count == 0 ? "none" : string.Join(", ", result.Permitted.Select(p => p.Id)))}.",
                    new Dictionary<string, object?>
                    {
                        ["stage"] = result.Claim!.Stage,
                        ["permittedActions"] = result.Permitted.Select(ActionView.From).ToList(),
                    });
            case FireAction.Outcome.Stale:
                http.Response.Headers.ETag = ETag(result.CurrentVersion!.Value);
                return Problems.Status(
                    StatusCodes.Status412PreconditionFailed,
                    "The claim has changed",
                    $"{result.Reason}. Reload the claim (now version {result.CurrentVersion}) and try again.",
                    new Dictionary<string, object?> { ["currentVersion"] = result.CurrentVersion, ["stage"] = result.Claim?.Stage });
            case FireAction.Outcome.NeedsConfirmation:
                return Problems.Status(
                    StatusCodes.Status422UnprocessableEntity,
                    result.Refusal!.Title,
                    result.Refusal.ConfirmWith is { } confirmWith ? $"Not done yet: {result.Refusal.Reason}. Send {confirmWith}: true to go ahead anyway." : $"Not done: {result.Refusal.Reason}.",
                    new Dictionary<string, object?> { ["missingCategories"] = result.Refusal.MissingCategories, ["confirmWith"] = result.Refusal.ConfirmWith });
            default:
                return result.Errors!.ToProblem();
        }
    }

    private static async Task<IResult> CorrectAsync(Guid id, HttpContext http, CorrectClaim.Handler handler, ClaimViewBuilder views, CancellationToken cancellationToken)
    {
        var (command, problem) = await JsonBody.ReadAsync<CorrectClaim.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await handler.HandleAsync(id, command!, http.User, cancellationToken);
        switch (result.Outcome)
        {
            case CorrectClaim.Outcome.Done or CorrectClaim.Outcome.Unchanged:
                var view = await views.BuildAsync(result.Claim!, http.User, cancellationToken);
                http.Response.Headers.ETag = ETag(view.Version);
                return TypedResults.Ok(view);
            case CorrectClaim.Outcome.ClaimNotFound:
                return Problems.NotFound("The claim");
            case CorrectClaim.Outcome.Forbidden:
                return Problems.Forbidden(result.Reason!);
            case CorrectClaim.Outcome.Closed:
                return Problems.Status(StatusCodes.Status409Conflict, "The claim is closed", $"Nothing was changed: {result.Reason}.", new Dictionary<string, object?> { ["stage"] = result.Claim!.Stage });
            case CorrectClaim.Outcome.Stale:
                return Stale(http, result.Reason!, result.CurrentVersion!.Value, result.Claim?.Stage);
            default:
                return result.Errors!.ToProblem();
        }
    }

    private static async Task<IResult> EditStatementAsync(Guid id, HttpContext http, EditStatement.Handler handler, ClaimViewBuilder views, CancellationToken cancellationToken)
    {
        var (command, problem) = await JsonBody.ReadAsync<EditStatement.Command>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await StatementResultAsync(await handler.HandleAsync(id, command!, http.User, cancellationToken), http, views, cancellationToken);
    }

    public static async Task<IResult> StatementResultAsync(EditStatement.Result result, HttpContext http, ClaimViewBuilder views, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case EditStatement.Outcome.Done or EditStatement.Outcome.Unchanged:
                var view = await views.BuildAsync(result.Claim!, http.User, cancellationToken);
                http.Response.Headers.ETag = ETag(view.Version);
                return TypedResults.Ok(view);
            case EditStatement.Outcome.ClaimNotFound:
                return Problems.NotFound("The claim");
            case EditStatement.Outcome.Forbidden:
                return Problems.Forbidden(result.Reason!);
            case EditStatement.Outcome.Locked:
                return Problems.Status(StatusCodes.Status409Conflict, "The statement is filed", $"Nothing was changed: {result.Reason}.", new Dictionary<string, object?> { ["stage"] = result.Claim!.Stage });
            case EditStatement.Outcome.Stale:
                return Stale(http, result.Reason!, result.CurrentVersion!.Value, result.Claim?.Stage);
            default:
                return result.Errors!.ToProblem();
        }
    }

    private static IResult Stale(HttpContext http, string reason, int currentVersion, string? stage)
    {
        http.Response.Headers.ETag = ETag(currentVersion);
        return Problems.Status(
            StatusCodes.Status412PreconditionFailed,
            "The claim has changed",
            $"{reason}. Reload the claim (now version {currentVersion}) and try again.",
            new Dictionary<string, object?> { ["currentVersion"] = currentVersion, ["stage"] = stage });
    }

    private static async Task<IResult> JournalAsync(Guid id, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return Problems.NotFound("The claim");
        }

        if (!http.User.CanSee(claim))
        {
            return Problems.Forbidden("You may see only claims assigned to you.");
        }

        var entries = await db.JournalEntries.AsNoTracking().Where(e => e.ClaimId == id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.Select(e =>
        {
            using var data = JsonDocument.Parse(e.Data);
            return new JournalEntryView(e.Sequence, e.At, new PersonView(e.ActorId, e.ActorName, null), e.Action, e.FromStage, e.ToStage, data.RootElement.Clone(), e.PreviousHash, e.Hash);
        }).ToList());
    }

    private static async Task<IResult> VerifyJournalAsync(Guid id, HttpContext http, AppDbContext db, Journal.VerifyJournal.Handler handler, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return Problems.NotFound("The claim");
        }

        if (!http.User.CanSee(claim))
        {
            return Problems.Forbidden("You may see only claims assigned to you.");
        }

        return TypedResults.Ok(await handler.HandleAsync(id, cancellationToken));
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

    public static string ETag(int version) => $"\"{version}\"";
}
