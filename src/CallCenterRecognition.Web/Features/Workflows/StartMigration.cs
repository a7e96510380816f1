using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

// POST /api/workflows/{id}/migrations: a dry run says what would become of every open claim and changes nothing; the real
// run is queued as a background job and answered 202 with where to follow it.
public static class StartMigration
{
    public sealed record Request(int FromVersion, int ToVersion, Dictionary<string, string>? StageMap, bool DryRun);

    public sealed record ClaimPlan(Guid Id, string Number, string Stage, string Result, string? ToStage);

    public sealed record Counts(int Ok, int Mapped, int Blocked);

    public sealed record DryRun(string DefinitionId, int FromVersion, int ToVersion, Counts Counts, IReadOnlyList<ClaimPlan> Claims);

    public sealed record Started(Guid Id, string StatusUrl, int Total);

    public static async Task<IResult> HandleAsync(
        string definitionId, HttpRequest http, AppDbContext db, WorkflowRegistry registry, IBackgroundJobClient jobs, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<Request>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (registry.Find(definitionId, request!.FromVersion) is not { } from)
        {
            return registry.All.Any(d => d.DefinitionId == definitionId)
                ? Problems.Invalid("fromVersion", $"version {request.FromVersion} of '{definitionId}' does not exist")
                : Problems.NotFound($"Workflow '{definitionId}'");
        }

        if (registry.Find(definitionId, request.ToVersion) is not { } to)
        {
            return Problems.Invalid("toVersion", $"version {request.ToVersion} of '{definitionId}' does not exist");
        }

        WorkflowMigration migration;
        try
        {
            migration = new WorkflowMigration(from, to, request.StageMap);
        }
        catch (ArgumentException ex)
        {
            return Problems.Invalid(ex.ParamName == "stageMap" ? "stageMap" : "toVersion", ex.Message.Split(" (Parameter", 2)[0]);
        }

        var open = await db.Claims.AsNoTracking()
            .Where(c => c.DefinitionId == definitionId && c.DefinitionVersion == from.Version && !c.IsClosed)
            .OrderBy(c => c.Number)
            .Select(c => new { c.Id, c.Number, c.Stage })
            .ToListAsync(cancellationToken);
        if (request.DryRun)
        {
            var plans = open.Select(c =>
            {
                var (result, stage) = migration.ResultFor(c.Stage);
                return new ClaimPlan(c.Id, c.Number, c.Stage, result.ToString().ToLowerInvariant(), stage);
            }).ToList();
            return TypedResults.Ok(new DryRun(definitionId, from.Version, to.Version, new Counts(
                plans.Count(p => p.Result == "ok"), plans.Count(p => p.Result == "mapped"), plans.Count(p => p.Result == "blocked")), plans));
        }

        var row = new WorkflowMigrationRow
        {
            Id = Guid.NewGuid(),
            DefinitionId = definitionId,
            FromVersion = from.Version,
            ToVersion = to.Version,
            StageMap = JsonSerializer.Serialize(migration.StageMap),
            Status = MigrationStatus.Queued,
            Total = open.Count,
            RequestedById = user.Id(),
            RequestedAt = time.GetUtcNow(),
        };
        db.WorkflowMigrations.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<RunMigration>(job => job.RunAsync(row.Id, null, CancellationToken.None));
        var statusUrl = $"/api/workflows/{Uri.EscapeDataString(definitionId)}/migrations/{row.Id}";
        return TypedResults.Accepted(statusUrl, new Started(row.Id, statusUrl, row.Total));
    }
}
