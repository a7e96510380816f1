using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

// POST /api/workflows/{id}/versions/{v}/publish: new claims start on this version from now on; open claims keep theirs.
public static class PublishVersion
{
    public sealed record Published(string DefinitionId, int Version, DateTimeOffset PublishedAt);

    public sealed class Handler(AppDbContext db, WorkflowCatalog catalog, TimeProvider time)
    {
        public async Task<Published?> HandleAsync(string definitionId, int version, CancellationToken cancellationToken)
        {
            var row = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == version, cancellationToken);
            if (row is null)
            {
                return null;
            }

            var current = await db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId && d.PublishedAt != null)
                .OrderByDescending(d => d.PublishedAt).Select(d => (int?)d.Version).FirstOrDefaultAsync(cancellationToken);
            if (current != version)
            {
                row.PublishedAt = time.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
            }

            await catalog.RefreshAsync(db, cancellationToken);
            return new Published(definitionId, version, row.PublishedAt!.Value);
        }
    }

    public static async Task<IResult> HandleAsync(string definitionId, int version, Handler handler, CancellationToken cancellationToken) =>
        await handler.HandleAsync(definitionId, version, cancellationToken) is { } published
            ? TypedResults.Ok(published)
            : Problems.NotFound($"Version {version} of workflow '{definitionId}'");
}
