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
public sealed class QueueModel(ListClaims.Handler handler, AppDbContext db, WorkflowEngine engine, LocalClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Stage { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public bool MineOnly => !User.SeesAllClaims();

    public ListClaims.Result? Result { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<StageDefinition> Stages { get; private set; } = [];

    public IReadOnlyList<string> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stages = [.. engine.Registry.Latest.SelectMany(d => d.Stages).DistinctBy(s => s.Id)];
        var departments = db.Claims.AsNoTracking();
        if (MineOnly)
        {
            var me = User.Id();
            departments = departments.Where(c => c.AssignedRepresentativeId == me);
        }

        Departments = await departments.Select(c => c.Department).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
        var query = new ListClaims.Query(Stage, Department, Q, PageNumber is < 1 ? 1 : PageNumber, 25);
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

    public string PageUrl(int page) =>
        "/claims?" + string.Join("&", new[] { ("q", Q), ("stage", Stage), ("department", Department), ("p", page.ToString(CultureInfo.InvariantCulture)) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
}
