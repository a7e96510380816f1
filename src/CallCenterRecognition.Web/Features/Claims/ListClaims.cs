using System.Linq.Expressions;
using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Claims;

public static class ListClaims
{
    public const int MaxPageSize = 100;

    public sealed record Query(string? Stage, string? Department, string? Q, int? Page, int? PageSize, string? Sort = null);

    public static class Sorts
    {
        public const string Due = "due";
        public const string Opened = "opened";
        public const string Stage = "stage";

        public static readonly string[] All = [Due, Opened, Stage];

        // Anything else (a typo, an old bookmark, a hostile value) is the default order, never an error.
        public static string Normalize(string? sort) => All.FirstOrDefault(s => string.Equals(s, sort?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? Due;
    }

    public sealed record Result(IReadOnlyList<ClaimSummary> Items, int Total, int Page, int PageSize);

    public static FieldErrors Validate(Query query)
    {
        var errors = new FieldErrors();
        if (query.Page is < 1)
        {
            errors.Add("page", "must be 1 or more");
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"must be between 1 and {MaxPageSize}");
        }

        if (query.Q is { Length: > 200 })
        {
            errors.Add("q", "must be at most 200 characters");
        }

        return errors;
    }

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Query query, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claims = db.Claims.AsNoTracking();
            if (!user.SeesAllClaims())
            {
                var userId = user.Id();
                claims = claims.Where(c => c.AssignedRepresentativeId == userId);
            }

            if (!string.IsNullOrWhiteSpace(query.Stage))
            {
                claims = claims.Where(c => c.Stage == query.Stage.Trim());
            }

            if (!string.IsNullOrWhiteSpace(query.Department))
            {
                claims = claims.Where(c => c.Department == query.Department.Trim());
            }

            if (!string.IsNullOrWhiteSpace(query.Q))
            {
                var q = query.Q.Trim().ToLowerInvariant();
                claims = claims.Where(c => c.SearchText.Contains(q));
            }

            var page = query.Page ?? 1;
            var pageSize = query.PageSize ?? 25;
            var skip = (long)(page - 1) * pageSize;
            int total;
            List<Row> rows;
            var sort = Sorts.Normalize(query.Sort);
            if (sort == Sorts.Due)
            {
                (total, rows) = await DuePageAsync(claims, skip, pageSize, cancellationToken);
            }
            else
            {
                total = await claims.CountAsync(cancellationToken);
                rows = skip >= total ? [] : await (sort == Sorts.Opened
                        ? claims.OrderBy(c => c.IsClosed).ThenBy(c => c.OpenedAt)
                        : claims.OrderBy(c => c.IsClosed).ThenBy(StageOrder()).ThenBy(c => c.DueAt == null).ThenBy(c => c.DueAt))
                    .ThenByDescending(c => c.Number)
                    .Skip((int)skip)
                    .Take(pageSize)
                    .Select(Projection)
                    .ToListAsync(cancellationToken);
            }

            if (skip >= total && page > 1)
            {
                return new Result([], total, page, pageSize);
            }

            var now = time.GetUtcNow();
            var items = rows.Select(r => new ClaimSummary(
                r.Id,
                r.Number,
                r.Stage,
                ClaimMapping.StageName(engine, r.DefinitionId, r.DefinitionVersion, r.Stage),
                ClaimStatus.Of(r.IsClosed),
                r.MemberName,
                r.Department,
                r.WorkUnit,
                r.AssignedRepresentativeId is null ? null : new PersonView(r.AssignedRepresentativeId, r.RepresentativeName, r.RepresentativeEmail),
                r.OpenedAt,
                r.DueAt,
                !r.IsClosed && r.DueAt < now)).ToList();
            return new Result(items, total, page, pageSize);
        }

        private sealed record Row(
            Guid Id, string Number, string Stage, bool IsClosed, string DefinitionId, int DefinitionVersion, string MemberName, string Department, string WorkUnit,
            DateTimeOffset OpenedAt, DateTimeOffset? DueAt, string? AssignedRepresentativeId, string RepresentativeName, string? RepresentativeEmail);

        private static readonly Expression<Func<Claim, Row>> Projection = c => new Row(
            c.Id, c.Number, c.Stage, c.IsClosed, c.DefinitionId, c.DefinitionVersion, c.Member.Name, c.Department, c.WorkUnit,
            c.OpenedAt, c.DueAt, c.AssignedRepresentativeId, c.AssignedRepresentative!.DisplayName, c.AssignedRepresentative!.Email);

        // Open before closed, then soonest due with no due date last, then newest number. Sorting on "DueAt IS NULL" would sort
        // every claim the caller may see (14,000 of a representative's at a million claims) for each page; read instead as four
        // runs — open/closed × due date or none — each in the order of the (AssignedRepresentativeId, IsClosed, DueAt) or
        // (IsClosed, DueAt) index, taking from each only what the page still needs.
        private static async Task<(int Total, List<Row> Rows)> DuePageAsync(IQueryable<Claim> claims, long skip, int pageSize, CancellationToken cancellationToken)
        {
            var total = await claims.CountAsync(cancellationToken);
            var rows = new List<Row>(pageSize);
            if (skip >= total)
            {
                return (total, rows);
            }

            foreach (var (closed, noDue) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                // A variable, not a constant: EF turns "== false" into NOT(IsClosed), which SQLite cannot match to an index column.
                var isClosed = closed;
                var run = noDue
                    ? claims.Where(c => c.IsClosed == isClosed && c.DueAt == null)
                    : claims.Where(c => c.IsClosed == isClosed && c.DueAt != null);
                var ordered = noDue ? run.OrderByDescending(c => c.Number) : run.OrderBy(c => c.DueAt).ThenByDescending(c => c.Number);
                var got = await ordered.Skip((int)skip).Take(pageSize - rows.Count).Select(Projection).ToListAsync(cancellationToken);
                if (got.Count > 0)
                {
                    rows.AddRange(got);
                    skip = 0;
                }
                else if (skip > 0)
                {
                    // The page starts past this run: only then is the run counted.
                    skip -= await run.CountAsync(cancellationToken);
                }

                if (rows.Count == pageSize)
                {
                    break;
                }
            }

            return (total, rows);
        }

        // The stages in the order the definitions list them, as one CASE in SQL; a stage no definition lists sorts last.
        private Expression<Func<Claim, int>> StageOrder()
        {
            var ids = engine.Registry.Latest.SelectMany(d => d.Stages).Select(s => s.Id).Distinct().ToList();
            var claim = Expression.Parameter(typeof(Claim), "c");
            var stage = Expression.Property(claim, nameof(Claim.Stage));
            Expression body = Expression.Constant(ids.Count);
            for (var i = ids.Count - 1; i >= 0; i--)
            {
                body = Expression.Condition(
                    Expression.Equal(stage, Expression.Constant(ids[i])),
                    Expression.Constant(i),
                    body);
            }

            return Expression.Lambda<Func<Claim, int>>(body, claim);
        }
    }
}
