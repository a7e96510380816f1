using CallCenterRecognition.Web.Features.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Units;

[Authorize(Policy = PagePolicies.Staff)]
public sealed class UnitsModel(ListUnits.Handler handler) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public IReadOnlyList<string> Departments { get; private set; } = [];

    public ListUnits.Result? Result { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Departments = await handler.DepartmentsAsync(cancellationToken);
        var query = new ListUnits.Query(Department, Status, Q, PageNumber, null);
        foreach (var (field, messages) in ListUnits.Validate(query).ToDictionary())
        {
            Errors[field] = string.Join(" ", messages);
        }

        if (Errors.Count == 0)
        {
            Result = await handler.HandleAsync(query, cancellationToken);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public string PageUrl(int page) => "/units?page=" + page + string.Concat(
        new[] { ("department", Department), ("status", Status), ("q", Q) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => $"&{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    public static string Date(DateOnly? date) => date is { } d ? Infrastructure.DisplayDates.Date(d) : "—";
}
