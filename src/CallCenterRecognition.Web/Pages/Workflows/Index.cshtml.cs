using CallCenterRecognition.Web.Features.Calendar;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Workflows;

[Authorize(Policy = PagePolicies.Staff)]
public sealed class WorkflowsModel(WorkflowEngine engine, ListHolidays.Handler holidays, LocalClock clock, ListVersions.Handler versions) : PageModel
{
    // The version shown of each definition: the one asked for, else the published one.
    public IReadOnlyList<WorkflowDefinition> Definitions { get; private set; } = [];

    public Dictionary<string, IReadOnlyList<ListVersions.VersionView>> Versions { get; } = new(StringComparer.Ordinal);

    // What the shown version changes from the one before it, when there is one.
    public Dictionary<string, (int From, DefinitionDiff Diff)> Changes { get; } = new(StringComparer.Ordinal);

    public bool MayPublish => User.IsInRole(Roles.Admin);

    public TimeZoneInfo Zone => clock.Zone;

    // Business-day deadlines skip these, so they sit beside the durations they change; California's current year and the next.
    public IReadOnlyList<(int Year, IReadOnlyList<ListHolidays.Holiday> Days)> Holidays { get; private set; } = [];

    public async Task OnGetAsync(string? definition, int? version, CancellationToken cancellationToken)
    {
        var shown = new List<WorkflowDefinition>();
        foreach (var published in engine.Registry.Latest)
        {
            var chosen = published.DefinitionId == definition && version is { } v ? engine.Registry.Find(published.DefinitionId, v) ?? published : published;
            shown.Add(chosen);
            Versions[chosen.DefinitionId] = await versions.HandleAsync(chosen.DefinitionId, cancellationToken) ?? [];
            if (engine.Registry.All.Where(d => d.DefinitionId == chosen.DefinitionId && d.Version < chosen.Version).MaxBy(d => d.Version) is { } previous)
            {
                Changes[chosen.DefinitionId] = (previous.Version, DefinitionDiff.Compare(previous, chosen));
            }
        }

        Definitions = shown;
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
