using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

// GET /api/workflows/{id}/versions: every stored version, which one new claims start on, and how many open claims each holds.
public static class ListVersions
{
    public sealed record VersionView(int Version, bool Published, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string Source, int OpenClaims);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<VersionView>?> HandleAsync(string definitionId, CancellationToken cancellationToken)
        {
            var rows = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == definitionId)
                .Select(d => new { d.Version, d.CreatedAt, d.PublishedAt, d.Source }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return null;
            }

            var open = await db.Claims.AsNoTracking().Where(c => c.DefinitionId == definitionId && !c.IsClosed)
                .GroupBy(c => c.DefinitionVersion).Select(g => new { Version = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Version, g => g.Count, cancellationToken);
            var published = rows.Where(r => r.PublishedAt is not null).MaxBy(r => r.PublishedAt)?.Version;
            return [.. rows.OrderByDescending(r => r.Version).Select(r => new VersionView(r.Version, r.Version == published, r.CreatedAt, r.PublishedAt, r.Source, open.GetValueOrDefault(r.Version)))];
        }
    }

    public static async Task<IResult> HandleAsync(string definitionId, Handler handler, CancellationToken cancellationToken) =>
        await handler.HandleAsync(definitionId, cancellationToken) is { } versions
            ? TypedResults.Ok(versions)
            : Problems.NotFound($"Workflow '{definitionId}'");
}
