using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Workflows;

[Authorize(Policy = PagePolicies.Staff)]
public sealed class WorkflowsModel(WorkflowEngine engine) : PageModel
{
    public IReadOnlyList<WorkflowDefinition> Definitions { get; private set; } = [];

    public void OnGet() => Definitions = [.. engine.Registry.All.OrderBy(d => d.DefinitionId, StringComparer.Ordinal).ThenByDescending(d => d.Version)];

    public static string Diagram(WorkflowDefinition definition) =>
        MermaidSvg.Render(WorkflowEngine.ToMermaid(definition), null, s => definition.StagesById.GetValueOrDefault(s)?.Name, $"{definition.Name}, version {definition.Version}");

    public static string Timing(ReminderDefinition r) => r.When switch
    {
        ReminderTiming.BeforeDue => $"{r.Offset} before due",
        ReminderTiming.AtDue => "when due",
        _ => $"{r.Offset} after due",
    } + (r.Repeat is { } repeat ? $", then every {repeat} up to {r.MaxRepeats} more" : string.Empty);
}
