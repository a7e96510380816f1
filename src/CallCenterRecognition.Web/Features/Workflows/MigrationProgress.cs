using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

// GET /api/workflows/{id}/migrations/{mid}: where a migration stands.
public static class MigrationProgress
{
    public sealed record View(Guid Id, string DefinitionId, int FromVersion, int ToVersion, string Status, int Done, int Total, int Blocked, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, string? Error);

    public static async Task<IResult> HandleAsync(string definitionId, Guid migrationId, AppDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.WorkflowMigrations.AsNoTracking().FirstOrDefaultAsync(m => m.Id == migrationId && m.DefinitionId == definitionId, cancellationToken);
        return row is null
            ? Problems.NotFound("The migration")
            : TypedResults.Ok(new View(row.Id, row.DefinitionId, row.FromVersion, row.ToVersion, row.Status, row.Done, row.Total, row.Blocked, row.RequestedAt, row.CompletedAt, row.Error));
    }
}
