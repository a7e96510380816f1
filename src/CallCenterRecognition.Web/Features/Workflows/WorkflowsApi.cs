using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Workflows;

public static class WorkflowsApi
{
    public sealed record StageView(string Id, string Name, string? Description, bool Final, string? TaskRole, string? Due, string? FollowUp, IReadOnlyList<ReminderView> Reminders);

    public sealed record ReminderView(string Id, string When, string? Offset, string? Repeat, int MaxRepeats, string Recipient, string Template);

    public sealed record RouteView(string Input, string EqualsValue, string To);

    public sealed record ActionDefinitionView(
        string Id,
        string Name,
        IReadOnlyList<string> From,
        string? To,
        IReadOnlyList<RouteView> Routes,
        IReadOnlyList<string> Roles,
        IReadOnlyList<InputView> Inputs,
        IReadOnlyList<string> Guards,
        string? Assign);

    public static void MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").RequireAuthorization(Policies.Staff);
        group.MapGet("/workflows", (WorkflowEngine engine) => TypedResults.Ok(engine.Registry.Latest.Select(d => new
        {
            d.DefinitionId,
            d.Version,
            d.Name,
            d.Description,
            d.InitialStage,
            Versions = engine.Registry.All.Where(v => v.DefinitionId == d.DefinitionId).Select(v => v.Version).Order().ToList(),
        }))).WithName("ListWorkflows");
        group.MapGet("/workflows/{definitionId}", (string definitionId, int? version, WorkflowEngine engine) =>
            Find(engine, definitionId, version) is { } d ? Results.Ok(Describe(d)) : Problems.NotFound($"Workflow '{definitionId}'")).WithName("GetWorkflow");
        group.MapGet("/workflows/{definitionId}/diagram", (string definitionId, int? version, WorkflowEngine engine) =>
            Find(engine, definitionId, version) is { } d
                ? Results.Text(WorkflowEngine.ToMermaid(d), "text/plain; charset=utf-8")
                : Problems.NotFound($"Workflow '{definitionId}'")).WithName("GetWorkflowDiagram").Produces<string>(StatusCodes.Status200OK, "text/plain");
        group.MapGet("/workflows/{definitionId}/versions", ListVersions.HandleAsync).WithName("ListWorkflowVersions");
        group.MapGet("/workflows/{definitionId}/versions/{version:int}/diff", DiffVersions.Handle).WithName("DiffWorkflowVersions");
        var admin = app.MapGroup("/api").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        admin.MapPost("/workflows", StoreDefinition.HandleAsync).WithName("StoreWorkflowVersion")
            .Accepts<System.Text.Json.JsonElement>("application/json").Produces<StoreDefinition.Stored>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/workflows/{definitionId}/versions/{version:int}/publish", PublishVersion.HandleAsync).WithName("PublishWorkflowVersion");
        admin.MapPost("/workflows/{definitionId}/migrations", StartMigration.HandleAsync).WithName("StartWorkflowMigration")
            .Accepts<StartMigration.Request>("application/json").Produces<StartMigration.DryRun>().Produces<StartMigration.Started>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        admin.MapGet("/workflows/{definitionId}/migrations/{migrationId:guid}", MigrationProgress.HandleAsync).WithName("GetWorkflowMigration");
        group.MapGet("/representatives", async (string? department, ListRepresentatives.Handler handler, CancellationToken cancellationToken) =>
            TypedResults.Ok(await handler.HandleAsync(string.IsNullOrWhiteSpace(department) ? null : department, cancellationToken))).WithName("ListRepresentatives");
    }

    private static WorkflowDefinition? Find(WorkflowEngine engine, string definitionId, int? version) =>
        version is { } v ? engine.Registry.Find(definitionId, v) : engine.Registry.FindLatest(definitionId);

    private static object Describe(WorkflowDefinition d) => new
    {
        d.DefinitionId,
        d.Version,
        d.Name,
        d.Description,
        d.InitialStage,
        Stages = d.Stages.Select(s => new StageView(
            s.Id,
            s.Name,
            s.Description,
            s.Final,
            s.TaskRole,
            s.Due?.ToString(),
            s.FollowUp?.ToString(),
            [.. s.Reminders.Select(r => new ReminderView(r.Id, Kebab(r.When), r.Offset?.ToString(), r.Repeat?.ToString(), r.MaxRepeats, r.Recipient, r.Template))])),
        Actions = d.Actions.Select(a => new ActionDefinitionView(
            a.Id,
            a.Name,
            a.From,
            a.To,
            [.. a.Routes.Select(r => new RouteView(r.Input, r.EqualsValue, r.To))],
            a.Roles,
            ActionView.From(a).Inputs,
            a.Guards,
            a.Assign)),
    };

    private static string Kebab(ReminderTiming timing) => timing switch
    {
        ReminderTiming.BeforeDue => "before-due",
        ReminderTiming.AtDue => "at-due",
        _ => "after-due",
    };
}
