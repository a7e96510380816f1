using System.Globalization;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Pages.Claims;

[Authorize(Policy = PagePolicies.Staff)]
public sealed class QueueModel(ListClaims.Handler handler, AppDbContext db, WorkflowEngine engine, LocalClock clock, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Stage { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public bool MineOnly => !User.SeesAllClaims();

    public ListClaims.Result? Result { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<StageDefinition> Stages { get; private set; } = [];

    public IReadOnlyList<string> Departments { get; private set; } = [];

    public string SortOrder => ListClaims.Sorts.Normalize(Sort);

    // A representative's open claims by stage, in workflow order; empty for those who see every claim.
    public IReadOnlyList<(StageDefinition Stage, int Count)> MyCounts { get; private set; } = [];

    public static readonly TimeSpan DueSoonWindow = TimeSpan.FromDays(7);

    private DateTimeOffset now;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stages = [.. engine.Registry.Latest.SelectMany(d => d.Stages).DistinctBy(s => s.Id)];
        var departments = db.Claims.AsNoTracking();
        if (MineOnly)
        {
            var me = User.Id();
            departments = departments.Where(c => c.AssignedRepresentativeId == me);
        }

        // Those who see every claim get the departments from the maintained counts, not from a scan of every claim.
        Departments = MineOnly
            ? await departments.Select(c => c.Department).Distinct().OrderBy(d => d).ToListAsync(cancellationToken)
            : await db.ClaimCounts.AsNoTracking().Where(c => c.Claims > 0).Select(c => c.Department).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
        now = time.GetUtcNow();
        if (MineOnly)
        {
            var me = User.Id();
            var counts = await db.Claims.AsNoTracking().Where(c => c.AssignedRepresentativeId == me && !c.IsClosed)
                .GroupBy(c => c.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            MyCounts = [.. Stages.Where(s => counts.ContainsKey(s.Id)).Select(s => (s, counts[s.Id]))];
        }

        var query = new ListClaims.Query(Stage, Department, Q, PageNumber is < 1 ? 1 : PageNumber, 25, SortOrder);
        var errors = ListClaims.Validate(query);
        foreach (var (field, messages) in errors.ToDictionary())
        {
            Errors[field] = $"Search {string.Join(", ", messages)}.";
        }

        if (!errors.Any)
        {
            Result = await handler.HandleAsync(query, User, cancellationToken);
        }
    }

    public string Date(DateTimeOffset? value) => DisplayDates.Date(value, clock.Zone);

    public bool DueSoon(ClaimSummary claim) =>
        !claim.Overdue && claim.Status != ClaimStatus.Closed && claim.DueAt is { } due && due < now + DueSoonWindow;

    public string SortDescription => SortOrder switch
    {
        ListClaims.Sorts.Opened => "oldest first",
        ListClaims.Sorts.Stage => "by stage, then soonest due",
        _ => "soonest due first",
    };

    public string PageUrl(int page) => QueueUrl(Q, Stage, Department, page);

    public string StageUrl(string stage) => QueueUrl(null, stage, null, 1);

    private string QueueUrl(string? q, string? stage, string? department, int page) =>
        "/claims?" + string.Join("&", new[]
            {
                ("q", q), ("stage", stage), ("department", department),
                ("sort", SortOrder == ListClaims.Sorts.Due ? null : SortOrder),
                ("p", page == 1 ? null : page.ToString(CultureInfo.InvariantCulture)),
            }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
}
