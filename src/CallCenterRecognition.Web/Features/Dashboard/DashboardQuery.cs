using System.Globalization;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Dashboard;

// The CCWG's statewide view: claims by department and stage, how long they sit in each stage, overdue, outcomes.
public static class DashboardQuery
{
    public static readonly string[] Statuses = ["all", "open", "closed"];

    public sealed record Query(string? Department, string? Stage, string? Status);

    public sealed record StageColumn(string Id, string Name, bool Final);

    public sealed record DepartmentRow(string Department, IReadOnlyDictionary<string, int> ByStage, int Total);

    public sealed record StageAge(string Stage, string StageName, int Count, double MedianDays, double WorstDays, string? WorstNumber);

    public sealed record ClaimRow(
        Guid Id,
        string Number,
        string MemberName,
        string Department,
        string WorkUnit,
        string BargainingUnit,
        string Stage,
        string StageName,
        string Status,
        string? Representative,
        DateTimeOffset OpenedAt,
        DateTimeOffset StageEnteredAt,
        DateTimeOffset? DueAt,
        bool Overdue,
        double DaysInStage);

    public sealed record Result(
        Query Filters,
        IReadOnlyList<string> Departments,
        IReadOnlyList<StageColumn> Stages,
        IReadOnlyList<DepartmentRow> ByDepartment,
        IReadOnlyList<StageAge> AgeInStage,
        int Total,
        int Open,
        int Overdue,
        int Recognized,
        int DifferentialGranted,
        IReadOnlyList<ClaimRow> Claims);

    public static FieldErrors Validate(Query query)
    {
        var errors = new FieldErrors();
        if (query.Department is { Length: > 100 })
        {
            errors.Add("department", "must be at most 100 characters");
        }

        if (query.Stage is { Length: > 100 })
        {
            errors.Add("stage", "must be at most 100 characters");
        }

        if (!string.IsNullOrEmpty(query.Status) && !Statuses.Contains(query.Status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", Statuses)}");
        }

        return errors;
    }

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var departments = await db.Claims.AsNoTracking().Select(c => c.Department).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
            var claims = db.Claims.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Department))
            {
                claims = claims.Where(c => c.Department == query.Department.Trim());
            }

            if (!string.IsNullOrWhiteSpace(query.Stage))
            {
                claims = claims.Where(c => c.Stage == query.Stage.Trim());
            }

            if (query.Status == "open")
            {
                claims = claims.Where(c => !c.IsClosed);
            }
            else if (query.Status == "closed")
            {
                claims = claims.Where(c => c.IsClosed);
            }

            var rows = await claims
                .OrderBy(c => c.Number)
                .Select(c => new
                {
                    c.Id, c.Number, MemberName = c.Member.Name, c.Department, c.WorkUnit, c.BargainingUnit, c.Stage, c.IsClosed, c.DefinitionId, c.DefinitionVersion,
                    Representative = c.AssignedRepresentative!.DisplayName, c.OpenedAt, c.StageEnteredAt, c.DueAt,
                })
                .ToListAsync(cancellationToken);

            var now = time.GetUtcNow();
            var list = rows.Select(r => new ClaimRow(
                r.Id,
                r.Number,
                r.MemberName,
                r.Department,
                r.WorkUnit,
                r.BargainingUnit,
                r.Stage,
                engine.Registry.Find(r.DefinitionId, r.DefinitionVersion)?.StagesById.GetValueOrDefault(r.Stage)?.Name ?? r.Stage,
                r.IsClosed ? "closed" : "open",
                r.Representative,
                r.OpenedAt,
                r.StageEnteredAt,
                r.DueAt,
                !r.IsClosed && r.DueAt < now,
                Math.Max(0, (now - r.StageEnteredAt).TotalDays))).ToList();

            var stages = StageColumns(list);
            var byDepartment = list.GroupBy(c => c.Department, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new DepartmentRow(g.Key, g.GroupBy(c => c.Stage, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Count(), StringComparer.Ordinal), g.Count()))
                .ToList();
            var ages = stages.Where(s => !s.Final)
                .Select(s =>
                {
                    var inStage = list.Where(c => c.Stage == s.Id && c.Status == "open").OrderBy(c => c.DaysInStage).ToList();
                    var worst = inStage.Count == 0 ? null : inStage[^1];
                    return new StageAge(s.Id, s.Name, inStage.Count, Median(inStage.Select(c => c.DaysInStage).ToList()), worst?.DaysInStage ?? 0, worst?.Number);
                })
                .ToList();
            return new Result(
                query,
                departments,
                stages,
                byDepartment,
                ages,
                list.Count,
                list.Count(c => c.Status == "open"),
                list.Count(c => c.Overdue),
                list.Count(c => c.Stage is "recognized" or "differential-granted"),
                list.Count(c => c.Stage == "differential-granted"),
                list);
        }

        // Stages of every loaded definition in declaration order, then any stage a claim holds that no definition declares any more.
        private List<StageColumn> StageColumns(List<ClaimRow> claims)
        {
            var columns = new List<StageColumn>();
            foreach (var definition in engine.Registry.Latest)
            {
                foreach (var stage in definition.Stages.Where(s => columns.All(c => c.Id != s.Id)))
                {
                    columns.Add(new StageColumn(stage.Id, stage.Name, stage.Final));
                }
            }

            foreach (var claim in claims.Where(c => columns.All(s => s.Id != c.Stage)))
            {
                columns.Add(new StageColumn(claim.Stage, claim.StageName, false));
            }

            return columns;
        }
    }

    public static double Median(IReadOnlyList<double> sorted) => sorted.Count switch
    {
        0 => 0,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };

    public static readonly string[] CsvHeader =
        ["number", "member", "department", "workUnit", "bargainingUnit", "stage", "status", "representative", "openedAt", "stageEnteredAt", "dueAt", "overdue", "daysInStage"];

    public static string ToCsv(IEnumerable<ClaimRow> claims)
    {
        var csv = new StringBuilder();
        Csv.AppendRow(csv, CsvHeader);
        foreach (var c in claims)
        {
            Csv.AppendRow(csv, [
                c.Number, c.MemberName, c.Department, c.WorkUnit, c.BargainingUnit, c.Stage, c.Status, c.Representative ?? string.Empty,
                Iso(c.OpenedAt), Iso(c.StageEnteredAt), c.DueAt is { } due ? Iso(due) : string.Empty, c.Overdue ? "yes" : "no",
                c.DaysInStage.ToString("0.0", CultureInfo.InvariantCulture)]);
        }

        return csv.ToString();
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", async (string? department, string? stage, string? status, Handler handler, CancellationToken cancellationToken) =>
            {
                var query = new Query(department, stage, status);
                var errors = Validate(query);
                if (errors.Any)
                {
                    return (IResult)errors.ToProblem();
                }

                var result = await handler.HandleAsync(query, cancellationToken);
                return TypedResults.Ok(result with { Claims = [] });
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Ccwg, Roles.Admin));
    }
}

// RFC 4180 fields; a cell a spreadsheet would read as a formula is prefixed with a quote so it stays text.
public static class Csv
{
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static void AppendRow(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.Append(string.Join(',', fields.Select(Field)));
        csv.Append("\r\n");
    }
}
