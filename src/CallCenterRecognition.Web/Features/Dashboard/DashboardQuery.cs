using System.Globalization;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Dashboard;

// The CCWG's statewide view: claims by department and stage, how long they sit in each stage, overdue, outcomes.
public static class DashboardQuery
{
    public static readonly string[] Statuses = ["all", ClaimStatus.Open, ClaimStatus.Closed];

    public sealed record Query(string? Department, string? Stage, string? Status);

    public sealed record StageColumn(string Id, string Name, bool Final);

    public sealed record DepartmentRow(string Department, IReadOnlyDictionary<string, int> ByStage, int Total);

    public sealed record StageAge(string Stage, string StageName, int Count, double MedianDays, double WorstDays, string? WorstNumber, Guid? WorstId);

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
        int MembersCovered,
        UnitsView Units);

    public sealed record UnitDepartmentRow(string Department, IReadOnlyDictionary<string, int> ByStatus, int Total);

    public sealed record RecognizedUnit(long Id, string Department, string Name, string WorkUnit, string Status, DateOnly? StatusOn);

    // Units, not claims: a unit with three claims is one call center.
    // The most recent recognitions; the units list and the units CSV hold them all.
    public sealed record UnitsView(IReadOnlyList<UnitDepartmentRow> ByDepartment, IReadOnlyList<RecognizedUnit> Recognized, int RecognizedTotal);

    public const int RecognizedShown = 100;

    public sealed record UnitCsvRow(string Department, string WorkUnit, string Name, string? Location, string Status, DateOnly? StatusOn, int OpenClaims, int Claims);

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

    // Counts come from the maintained ClaimCounts table, ages and overdue from indexes; only the CSV reads claim rows, and it streams them.
    public sealed class Handler(AppDbContext db, WorkflowEngine engine, TimeProvider time, WorkflowRegistry registry)
    {
        // A parameter, not the constant: EF turns "== false" into NOT(IsClosed), which SQLite cannot match to an index column.
        private static bool Open => false;

        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var departments = await db.ClaimCounts.AsNoTracking().Where(c => c.Claims > 0).Select(c => c.Department).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
            var claims = Filtered(query);
            var now = time.GetUtcNow();

            // Counts and members covered come from the maintained ClaimCounts table (a few hundred rows whatever the claims).
            var counted = await FilteredCounts(query).GroupBy(c => new { c.Department, c.Stage, c.IsClosed })
                .Select(g => new { g.Key.Department, g.Key.Stage, g.Key.IsClosed, Count = g.Sum(c => c.Claims), Members = g.Sum(c => c.Members) })
                .ToListAsync(cancellationToken);
            var cells = counted.Where(c => c.Count > 0)
                .GroupBy(c => (c.Department, c.Stage))
                .Select(g => (g.Key.Department, g.Key.Stage, Count: g.Sum(c => c.Count)))
                .ToList();
            var openCount = counted.Where(c => !c.IsClosed).Sum(c => c.Count);
            var overdue = await OverdueAsync(claims, openCount, now, cancellationToken);
            var membersCovered = counted.Sum(c => c.Members);
            var units = await UnitsAsync(query, cancellationToken);

            var stages = StageColumns(cells.Select(c => c.Stage));
            var byDepartment = cells.GroupBy(c => c.Department, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new DepartmentRow(g.Key, g.ToDictionary(s => s.Stage, s => s.Count, StringComparer.Ordinal), g.Sum(s => s.Count)))
                .ToList();
            var days = await StageDaysAsync(query, cancellationToken);
            var ages = new List<StageAge>();
            foreach (var stage in stages.Where(s => !s.Final))
            {
                var openInStage = counted.Where(c => !c.IsClosed && c.Stage == stage.Id).Sum(c => c.Count);
                ages.Add(await AgeAsync(claims, stage, openInStage, days?.GetValueOrDefault(stage.Id), now, cancellationToken));
            }

            // Stage ids per definition version mark milestones; cells are per stage id, so a stage id that marks the milestone in any version counts.
            int AtMilestone(IReadOnlyList<string> milestones)
            {
                var stageIds = registry.All.SelectMany(d => d.Stages).Where(s => s.Milestone is { } m && milestones.Contains(m)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
                return cells.Where(c => stageIds.Contains(c.Stage)).Sum(c => c.Count);
            }
            return new Result(
                query,
                departments,
                stages,
                byDepartment,
                ages,
                cells.Sum(c => c.Count),
                openCount,
                overdue,
                AtMilestone(Milestones.CountingAsRecognized),
                AtMilestone([Milestones.DifferentialGranted]),
                membersCovered,
                units);
        }

        // Open claims due before now, counted on whichever side of now holds fewer of them in the (IsClosed, DueAt) index: at a
        // million claims either side can be most of them, and counting 800,000 index entries is most of the page's time.
        private static async Task<int> OverdueAsync(IQueryable<Claim> claims, int open, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var half = (open / 2) + 1;
            var notYetDue = await claims.Where(c => c.IsClosed == Open && c.DueAt >= now).Take(half).CountAsync(cancellationToken);
            if (notYetDue >= half)
            {
                return await claims.CountAsync(c => c.IsClosed == Open && c.DueAt < now, cancellationToken);
            }

            var noDueDate = await claims.CountAsync(c => c.IsClosed == Open && c.DueAt == null, cancellationToken);
            return open - notYetDue - noDueDate;
        }

        // The dashboard's filters on the count table: the same department, stage and open/closed as on the claims.
        private IQueryable<ClaimCountRow> FilteredCounts(Query query)
        {
            var counts = db.ClaimCounts.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Department))
            {
                var department = query.Department.Trim();
                counts = counts.Where(c => c.Department == department);
            }

            if (!string.IsNullOrWhiteSpace(query.Stage))
            {
                var stage = query.Stage.Trim();
                counts = counts.Where(c => c.Stage == stage);
            }

            if (query.Status == ClaimStatus.Open)
            {
                counts = counts.Where(c => c.IsClosed == Open);
            }
            else if (query.Status == ClaimStatus.Closed)
            {
                counts = counts.Where(c => c.IsClosed);
            }

            return counts;
        }

        // Counts from the maintained UnitCounts table; the most recent recognitions read off the (Status, StatusOn) index, newest
        // first for each of the two statuses and merged, so neither reads more than the page shows. The department filter
        // applies, the claim filters do not.
        public async Task<UnitsView> UnitsAsync(Query query, CancellationToken cancellationToken)
        {
            var counts = db.Set<UnitCountRow>().AsNoTracking().Where(c => c.Units != 0);
            if (!string.IsNullOrWhiteSpace(query.Department))
            {
                var department = query.Department.Trim();
                counts = counts.Where(c => c.Department == department);
            }

            var cells = await counts.Select(c => new { c.Department, c.Status, Count = c.Units }).ToListAsync(cancellationToken);
            var byDepartment = cells.GroupBy(c => c.Department, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new UnitDepartmentRow(
                    g.Key,
                    g.GroupBy(c => c.Status is { Length: > 0 } status ? status : UnitStatuses.None, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Sum(c => c.Count), StringComparer.Ordinal),
                    g.Sum(c => c.Count)))
                .ToList();
            var recognized = new List<RecognizedUnit>();
            foreach (var status in new[] { UnitStatuses.Recognized, UnitStatuses.DifferentialGranted })
            {
                recognized.AddRange(await Units(query).Where(u => u.Status == status)
                    .OrderByDescending(u => u.StatusOn).ThenByDescending(u => u.Id)
                    .Take(RecognizedShown)
                    .Select(u => new RecognizedUnit(u.Id, u.Department, u.Name, u.WorkUnit, u.Status!, u.StatusOn))
                    .ToListAsync(cancellationToken));
            }

            var recognizedTotal = byDepartment.Sum(d => d.ByStatus.GetValueOrDefault(UnitStatuses.Recognized) + d.ByStatus.GetValueOrDefault(UnitStatuses.DifferentialGranted));
            return new UnitsView(byDepartment, [.. recognized.OrderByDescending(u => u.StatusOn).ThenByDescending(u => u.Id).Take(RecognizedShown)], recognizedTotal);
        }

        // Every unit not merged away, in department and name order, with its claim counts from the (UnitId, IsClosed) index.
        public IAsyncEnumerable<UnitCsvRow> ListUnitsAsync(Query query) =>
            Units(query)
                .OrderBy(u => u.Department).ThenBy(u => u.Name).ThenBy(u => u.Id)
                .Select(u => new UnitCsvRow(
                    u.Department,
                    u.WorkUnit,
                    u.Name,
                    u.Location,
                    u.Status ?? UnitStatuses.None,
                    u.StatusOn,
                    db.Claims.Count(c => c.UnitId == u.Id && c.IsClosed == Open),
                    db.Claims.Count(c => c.UnitId == u.Id)))
                .AsAsyncEnumerable();

        private IQueryable<UnitRow> Units(Query query)
        {
            var units = db.Units.AsNoTracking().Where(u => u.MergedIntoId == null);
            if (!string.IsNullOrWhiteSpace(query.Department))
            {
                var department = query.Department.Trim();
                units = units.Where(u => u.Department == department);
            }

            return units;
        }

        // The filtered claim list, in claim-number order, read as it is written out.
        public async IAsyncEnumerable<ClaimRow> ListAsync(Query query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var rows = Filtered(query)
                .OrderBy(c => c.Number)
                .Select(c => new
                {
                    c.Id, c.Number, MemberName = c.Member.Name, c.Department, c.WorkUnit, c.BargainingUnit, c.Stage, c.IsClosed, c.DefinitionId, c.DefinitionVersion,
                    Representative = c.AssignedRepresentative!.DisplayName, c.OpenedAt, c.StageEnteredAt, c.DueAt,
                })
                .AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(cancellationToken))
            {
                yield return new ClaimRow(
                    r.Id,
                    r.Number,
                    r.MemberName,
                    r.Department,
                    r.WorkUnit,
                    r.BargainingUnit,
                    r.Stage,
                    ClaimMapping.StageName(engine, r.DefinitionId, r.DefinitionVersion, r.Stage),
                    ClaimStatus.Of(r.IsClosed),
                    r.Representative,
                    r.OpenedAt,
                    r.StageEnteredAt,
                    r.DueAt,
                    !r.IsClosed && r.DueAt < now,
                    Math.Max(0, (now - r.StageEnteredAt).TotalDays));
            }
        }

        private IQueryable<Claim> Filtered(Query query)
        {
            var claims = db.Claims.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Department))
            {
                var department = query.Department.Trim();
                claims = claims.Where(c => c.Department == department);
            }

            if (!string.IsNullOrWhiteSpace(query.Stage))
            {
                var stage = query.Stage.Trim();
                claims = claims.Where(c => c.Stage == stage);
            }

            if (query.Status == ClaimStatus.Open)
            {
                claims = claims.Where(c => c.IsClosed == Open);
            }
            else if (query.Status == ClaimStatus.Closed)
            {
                claims = claims.Where(c => c.IsClosed);
            }

            return claims;
        }

        // Open claims per stage and entered day, ascending, from the maintained ClaimStageDays table; null when a department is
        // chosen (the table is not kept per department, and one department's claims are few enough to read off the index).
        private async Task<Dictionary<string, List<(int Day, int Claims)>>?> StageDaysAsync(Query query, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrWhiteSpace(query.Department) || query.Status == ClaimStatus.Closed)
            {
                return null;
            }

            var days = db.Set<ClaimStageDayRow>().AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Stage))
            {
                var stage = query.Stage.Trim();
                days = days.Where(d => d.Stage == stage);
            }

            var rows = await days.GroupBy(d => new { d.Stage, d.EnteredDay })
                .Select(g => new { g.Key.Stage, g.Key.EnteredDay, Claims = g.Sum(d => d.Claims) })
                .ToListAsync(cancellationToken);
            return rows.Where(r => r.Claims > 0)
                .GroupBy(r => r.Stage, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(r => r.EnteredDay).Select(r => (r.EnteredDay, r.Claims)).ToList(), StringComparer.Ordinal);
        }

        // Median and longest wait of the open claims in one stage. With the stage's day counts the median's day and its place in
        // that day are found by adding counts, and only that day of the (Stage, IsClosed, StageEnteredAt) index is read; without
        // them (a department chosen) the index is read at an offset of half the stage.
        private static async Task<StageAge> AgeAsync(IQueryable<Claim> claims, StageColumn stage, int count, List<(int Day, int Claims)>? days, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var inStage = claims.Where(c => c.Stage == stage.Id && c.IsClosed == Open);
            if (count == 0)
            {
                return new StageAge(stage.Id, stage.Name, 0, 0, 0, null, null);
            }

            var middle = days is { Count: > 0 }
                ? await MiddleByDayAsync(inStage, days, cancellationToken)
                : await inStage.OrderByDescending(c => c.StageEnteredAt).Skip((count - 1) / 2).Take(count % 2 == 1 ? 1 : 2)
                    .Select(c => c.StageEnteredAt).ToListAsync(cancellationToken);
            var worst = await inStage.OrderBy(c => c.StageEnteredAt).Select(c => new { c.Id, c.Number, c.StageEnteredAt }).FirstAsync(cancellationToken);
            double Days(DateTimeOffset entered) => Math.Max(0, (now - entered).TotalDays);
            return new StageAge(stage.Id, stage.Name, count, Median([.. middle.Select(Days).Order()]), Days(worst.StageEnteredAt), worst.Number, worst.Id);
        }

        // The one or two middle entry times of a stage: each middle rank is located in its day by the cumulative counts, then read
        // at its offset within that day (a few hundred entries at most, whatever the number of claims).
        private static async Task<List<DateTimeOffset>> MiddleByDayAsync(IQueryable<Claim> inStage, List<(int Day, int Claims)> days, CancellationToken cancellationToken)
        {
            var total = days.Sum(d => d.Claims);
            var middle = new List<DateTimeOffset>();
            foreach (var rank in ((total - 1) / 2 == total / 2 ? new[] { total / 2 } : [(total - 1) / 2, total / 2]))
            {
                var (day, offset) = Locate(days, rank);
                var start = new DateTimeOffset(day * TimeSpan.TicksPerDay, TimeSpan.Zero);
                var end = start.AddDays(1);
                var inDay = inStage.Where(c => c.StageEnteredAt >= start && c.StageEnteredAt < end);
                var found = await inDay.OrderBy(c => c.StageEnteredAt).Skip(offset).Take(1).Select(c => (DateTimeOffset?)c.StageEnteredAt).FirstOrDefaultAsync(cancellationToken)

                    // A claim moved between reading the counts and the day: the day's last entry, else its middle, is as near as it gets.
                    ?? await inDay.OrderByDescending(c => c.StageEnteredAt).Select(c => (DateTimeOffset?)c.StageEnteredAt).FirstOrDefaultAsync(cancellationToken)
                    ?? start.AddHours(12);
                middle.Add(found);
            }

            return middle;
        }

        // The day holding the rank-th (0-based, oldest first) entry and the entry's place within that day.
        private static (int Day, int Offset) Locate(List<(int Day, int Claims)> days, int rank)
        {
            foreach (var (day, claims) in days)
            {
                if (rank < claims)
                {
                    return (day, rank);
                }

                rank -= claims;
            }

            return (days[^1].Day, days[^1].Claims - 1);
        }

        // Stages of every loaded definition in declaration order, then any stage a claim holds that no definition declares any more.
        private List<StageColumn> StageColumns(IEnumerable<string> held)
        {
            var columns = new List<StageColumn>();
            foreach (var definition in engine.Registry.Latest)
            {
                foreach (var stage in definition.Stages.Where(s => columns.All(c => c.Id != s.Id)))
                {
                    columns.Add(new StageColumn(stage.Id, stage.Name, stage.Final));
                }
            }

            foreach (var stage in held.Distinct(StringComparer.Ordinal).Where(h => columns.All(s => s.Id != h)))
            {
                columns.Add(new StageColumn(stage, stage, false));
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
            AppendCsv(csv, c);
        }

        return csv.ToString();
    }

    // Streams the CSV in chunks so a statewide export never sits whole in memory.
    public static async Task WriteCsvAsync(IAsyncEnumerable<ClaimRow> claims, Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetPreamble(), cancellationToken);
        var csv = new StringBuilder();
        Csv.AppendRow(csv, CsvHeader);
        await foreach (var c in claims.WithCancellation(cancellationToken))
        {
            AppendCsv(csv, c);
            if (csv.Length > 32_000)
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes(csv.ToString()), cancellationToken);
                csv.Clear();
            }
        }

        await output.WriteAsync(Encoding.UTF8.GetBytes(csv.ToString()), cancellationToken);
    }

    public static readonly string[] UnitsCsvHeader = ["department", "workUnit", "name", "location", "status", "statusOn", "openClaims", "claims"];

    public static async Task WriteUnitsCsvAsync(IAsyncEnumerable<UnitCsvRow> units, Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetPreamble(), cancellationToken);
        var csv = new StringBuilder();
        Csv.AppendRow(csv, UnitsCsvHeader);
        await foreach (var u in units.WithCancellation(cancellationToken))
        {
            Csv.AppendRow(csv, [
                u.Department, u.WorkUnit, u.Name, u.Location ?? string.Empty, u.Status,
                u.StatusOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                u.OpenClaims.ToString(CultureInfo.InvariantCulture), u.Claims.ToString(CultureInfo.InvariantCulture)]);
            if (csv.Length > 32_000)
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes(csv.ToString()), cancellationToken);
                csv.Clear();
            }
        }

        await output.WriteAsync(Encoding.UTF8.GetBytes(csv.ToString()), cancellationToken);
    }

    private static void AppendCsv(StringBuilder csv, ClaimRow c) =>
        Csv.AppendRow(csv, [
            c.Number, c.MemberName, c.Department, c.WorkUnit, c.BargainingUnit, c.Stage, c.Status, c.Representative ?? string.Empty,
            Iso(c.OpenedAt), Iso(c.StageEnteredAt), c.DueAt is { } due ? Iso(due) : string.Empty, c.Overdue ? "yes" : "no",
            c.DaysInStage.ToString("0.0", CultureInfo.InvariantCulture)]);

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
                return TypedResults.Ok(result);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Ccwg, Roles.Admin))
            .WithName("GetDashboard");
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
