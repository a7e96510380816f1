using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

// POST /api/workflows: a new version, checked as a file is at start and stored unpublished; claims keep their version until migrated.
public static class StoreDefinition
{
    public sealed record Stored(string DefinitionId, int Version, bool Published, DateTimeOffset CreatedAt);

    public static async Task<IResult> HandleAsync(HttpRequest request, AppDbContext db, WorkflowCatalog catalog, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var json = body!.Value.GetRawText();
        WorkflowDefinition definition;
        try
        {
            definition = WorkflowDefinitionLoader.Load(json, "request", catalog.Vocabulary);
        }
        catch (WorkflowDefinitionException ex)
        {
            return Problems.Invalid(ex.Faults.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()));
        }

        var newest = await db.WorkflowDefinitions.Where(d => d.DefinitionId == definition.DefinitionId).Select(d => (int?)d.Version).MaxAsync(cancellationToken) ?? 0;
        if (definition.Version <= newest)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Version exists",
                $"'{definition.DefinitionId}' already has version {newest}; a new version is numbered {newest + 1} or higher.",
                new Dictionary<string, object?> { ["newestVersion"] = newest });
        }

        var row = new WorkflowDefinitionRow
        {
            DefinitionId = definition.DefinitionId,
            Version = definition.Version,
            Json = json,
            Source = "api",
            CreatedAt = time.GetUtcNow(),
            CreatedById = user.Id(),
        };
        db.WorkflowDefinitions.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Version exists", $"Version {definition.Version} of '{definition.DefinitionId}' was stored by someone else just now.");
        }

        await catalog.RefreshAsync(db, cancellationToken);
        return TypedResults.Created($"/api/workflows/{Uri.EscapeDataString(definition.DefinitionId)}/versions/{definition.Version}",
            new Stored(definition.DefinitionId, definition.Version, false, row.CreatedAt));
    }
}
