using CallCenterRecognition.Web.Features.Calendar;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Workflows;

[Authorize(Policy = PagePolicies.Staff)]
public sealed class WorkflowsModel(WorkflowEngine engine, ListHolidays.Handler holidays, LocalClock clock) : PageModel
{
    public IReadOnlyList<WorkflowDefinition> Definitions { get; private set; } = [];

    // Business-day deadlines skip these, so they sit beside the durations they change; California's current year and the next.
    public IReadOnlyList<(int Year, IReadOnlyList<ListHolidays.Holiday> Days)> Holidays { get; private set; } = [];

    public void OnGet()
    {
        Definitions = [.. engine.Registry.All.OrderBy(d => d.DefinitionId, StringComparer.Ordinal).ThenByDescending(d => d.Version)];
        var year = clock.Today().Year;
        Holidays = [(year, holidays.Handle(year)), (year + 1, holidays.Handle(year + 1))];
    }

    public static string Diagram(WorkflowDefinition definition) =>
        MermaidSvg.Render(WorkflowEngine.ToMermaid(definition), null, s => definition.StagesById.GetValueOrDefault(s)?.Name, $"{definition.Name}, version {definition.Version}");

    public static string Timing(ReminderDefinition r) => r.When switch
    {
        ReminderTiming.BeforeDue => $"{r.Offset} before due",
        ReminderTiming.AtDue => "when due",
        _ => $"{r.Offset} after due",
    } + (r.Repeat is { } repeat ? $", then every {repeat} up to {r.MaxRepeats} more" : string.Empty);
}
