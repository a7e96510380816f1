using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Units;

public static class ListUnits
{
    public const int MaxPageSize = 100;

    public sealed record Query(string? Department, string? Status, string? Q, int? Page, int? PageSize);

    public sealed record Item(long Id, string Department, string WorkUnit, string Name, string? Location, string Status, DateOnly? StatusOn, int OpenClaims);

    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize);

    public static FieldErrors Validate(Query query)
    {
        var errors = new FieldErrors();
        if (!string.IsNullOrWhiteSpace(query.Status) && !UnitStatuses.All.Contains(query.Status.Trim()))
        {
            errors.Add("status", $"must be one of {string.Join(", ", UnitStatuses.All)}");
        }

        if (query.Department is { Length: > 100 })
        {
            errors.Add("department", "must be at most 100 characters");
        }

        if (query.Q is { Length: > 200 })
        {
            errors.Add("q", "must be at most 200 characters");
        }

        if (query.Page is < 1)
        {
            errors.Add("page", "must be 1 or more");
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"must be between 1 and {MaxPageSize}");
        }

        return errors;
    }

    public sealed class Handler(AppDbContext db)
    {
        // A parameter, not the constant: EF turns "== false" into NOT(IsClosed), which SQLite cannot match to the (UnitId, IsClosed) index.
        private static bool Open => false;

        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var units = db.Units.AsNoTracking().Where(u => u.MergedIntoId == null);
            if (!string.IsNullOrWhiteSpace(query.Department))
            {
                var department = query.Department.Trim();
                units = units.Where(u => u.Department == department);
            }

            if (!string.IsNullOrWhiteSpace(query.Status))
            {
                var status = query.Status.Trim();
                units = status == UnitStatuses.None ? units.Where(u => u.Status == status || u.Status == null) : units.Where(u => u.Status == status);
            }

            if (!string.IsNullOrWhiteSpace(query.Q))
            {
                // ToLower on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
                var q = query.Q.Trim().ToLowerInvariant();
                units = units.Where(u => u.Name.ToLower().Contains(q) || u.WorkUnit.ToLower().Contains(q));
            }

            var page = query.Page ?? 1;
            var pageSize = query.PageSize ?? 25;
            var total = await units.CountAsync(cancellationToken);
            var skip = (long)(page - 1) * pageSize;
            if (skip >= total && page > 1)
            {
                return new Result([], total, page, pageSize);
            }

            var items = await units
                .OrderBy(u => u.Department).ThenBy(u => u.Name).ThenBy(u => u.Id)
                .Skip((int)skip)
                .Take(pageSize)
                .Select(u => new Item(
                    u.Id,
                    u.Department,
                    u.WorkUnit,
                    u.Name,
                    u.Location,
                    u.Status ?? UnitStatuses.None,
                    u.StatusOn,
                    db.Claims.Count(c => c.UnitId == u.Id && c.IsClosed == Open)))
                .ToListAsync(cancellationToken);
            return new Result(items, total, page, pageSize);
        }

        public Task<List<string>> DepartmentsAsync(CancellationToken cancellationToken) =>
            db.Units.AsNoTracking().Where(u => u.MergedIntoId == null).Select(u => u.Department).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
    }
}
