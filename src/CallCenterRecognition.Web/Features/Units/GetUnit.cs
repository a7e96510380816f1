using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Units;

public static class GetUnit
{
    public sealed record ClaimItem(Guid Id, string Number, string Stage, string StageName, string Status, string DefinitionId, DateTimeOffset OpenedAt);

    public sealed record GrievantItem(string Name, string ClaimNumber);

    public sealed record HistoryItem(DateTimeOffset At, string Actor, string Change, string? Status, DateOnly? StatusOn, string? ClaimNumber, string Note);

    public sealed record View(
        long Id,
        string Department,
        string WorkUnit,
        string Name,
        string? Location,
        string Status,
        DateOnly? StatusOn,
        DateOnly? AppealBy,
        int OpenClaims,
        long? MergedIntoId,
        IReadOnlyList<ClaimItem> Claims,
        IReadOnlyList<GrievantItem> Grievants,
        IReadOnlyList<HistoryItem> History);

    public sealed record Candidate(long Id, string Name, string WorkUnit);

    public sealed class Handler(AppDbContext db, WorkflowEngine engine)
    {
        // Units the page offers to merge this one into: the same department, not merged away, not itself.
        public Task<List<Candidate>> MergeCandidatesAsync(View unit, CancellationToken cancellationToken) =>
            db.Units.AsNoTracking()
                .Where(u => u.Department == unit.Department && u.MergedIntoId == null && u.Id != unit.Id)
                .OrderBy(u => u.Name).ThenBy(u => u.Id)
                .Select(u => new Candidate(u.Id, u.Name, u.WorkUnit))
                .ToListAsync(cancellationToken);

        public async Task<View?> HandleAsync(long id, ClaimsPrincipal viewer, CancellationToken cancellationToken)
        {
            var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
            if (unit is null)
            {
                return null;
            }

            var claims = await db.Claims.AsNoTracking().Where(c => c.UnitId == id)
                .OrderByDescending(c => c.OpenedAt)
                .Select(c => new { c.Id, c.Number, c.Stage, c.IsClosed, c.DefinitionId, c.DefinitionVersion, c.OpenedAt })
                .ToListAsync(cancellationToken);

            // Grievants are members' personal data: a representative sees them only on the claims assigned to them, as on a claim's related claims.
            var grievantRows = db.Grievants.AsNoTracking().Where(g => g.RemovedAt == null)
                .Join(db.Claims.Where(c => c.UnitId == id), g => g.ClaimId, c => c.Id, (g, c) => new { g.Name, g.Position, c.Number, c.AssignedRepresentativeId });
            if (!viewer.SeesAllClaims())
            {
                var viewerId = viewer.Id();
                grievantRows = grievantRows.Where(r => r.AssignedRepresentativeId == viewerId);
            }

            var grievants = await grievantRows.OrderBy(r => r.Number).ThenBy(r => r.Position)
                .Select(r => new GrievantItem(r.Name, r.Number))
                .ToListAsync(cancellationToken);

            var history = await db.UnitHistory.AsNoTracking().Where(h => h.UnitId == id).OrderBy(h => h.Id)
                .Select(h => new HistoryItem(h.At, h.ActorName, h.Change, h.Status, h.StatusOn, h.ClaimNumber, h.Note))
                .ToListAsync(cancellationToken);

            return new View(
                unit.Id,
                unit.Department,
                unit.WorkUnit,
                unit.Name,
                unit.Location,
                unit.Status ?? UnitStatuses.None,
                unit.StatusOn,
                unit.AppealBy,
                claims.Count(c => !c.IsClosed),
                unit.MergedIntoId,
                [.. claims.Select(c => new ClaimItem(c.Id, c.Number, c.Stage, ClaimMapping.StageName(engine, c.DefinitionId, c.DefinitionVersion, c.Stage), ClaimStatus.Of(c.IsClosed), c.DefinitionId, c.OpenedAt))],
                grievants,
                history);
        }
    }
}
