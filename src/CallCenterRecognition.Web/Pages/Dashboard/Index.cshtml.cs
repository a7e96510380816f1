using System.Globalization;
using CallCenterRecognition.Web.Features.Dashboard;
using CallCenterRecognition.Web.Features.Departments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Dashboard;

[Authorize(Policy = PagePolicies.Dashboard)]
public sealed class DashboardModel(DashboardQuery.Handler handler, TimeProvider time, Data.AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Stage { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public DashboardQuery.Result? Result { get; private set; }

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    // Rows show the code; the name is its title, so a reader who does not know "DCSS" can find out.
    public DepartmentList? Departments { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = new DashboardQuery.Query(Department, Stage, Status);
        Errors = DashboardQuery.Validate(query).ToDictionary();
        if (Errors.Count == 0)
        {
            Result = await handler.HandleAsync(query, cancellationToken);
            Departments = await DepartmentList.LoadAsync(db, cancellationToken);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var query = new DashboardQuery.Query(Department, Stage, Status);
        var errors = DashboardQuery.Validate(query);
        if (errors.Any)
        {
            return BadRequest();
        }

        var name = $"claims-{time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name);
        Response.Headers.ContentDisposition = disposition.ToString();
        await DashboardQuery.WriteCsvAsync(handler.ListAsync(query, cancellationToken), Response.Body, cancellationToken);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnGetUnitsCsvAsync(CancellationToken cancellationToken)
    {
        var query = new DashboardQuery.Query(Department, null, null);
        if (DashboardQuery.Validate(query).Any)
        {
            return BadRequest();
        }

        var name = $"units-{time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name);
        Response.Headers.ContentDisposition = disposition.ToString();
        await DashboardQuery.WriteUnitsCsvAsync(handler.ListUnitsAsync(query), Response.Body, cancellationToken);
        return new EmptyResult();
    }

    public string UnitsCsvUrl => "/dashboard?handler=UnitsCsv" + (string.IsNullOrEmpty(Department) ? string.Empty : "&department=" + Uri.EscapeDataString(Department));

    public string CsvUrl => "/dashboard?handler=csv" + string.Concat(
        new[] { ("department", Department), ("stage", Stage), ("status", Status) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => $"&{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    public static string Days(double days) => days.ToString("0.#", CultureInfo.InvariantCulture);
}
