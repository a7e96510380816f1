using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Workflows;

// Publishing changes what every new claim runs on, so it is its own page: what changes, then one deliberate button.
[Authorize(Policy = PagePolicies.Admin)]
public sealed class PublishModel(WorkflowRegistry registry, PublishVersion.Handler publish, ListVersions.Handler versions) : PageModel
{
    public WorkflowDefinition Definition { get; private set; } = null!;

    public WorkflowDefinition? Current { get; private set; }

    public DefinitionDiff? Diff { get; private set; }

    public int OpenOnCurrent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string definitionId, int version, CancellationToken cancellationToken) =>
        await LoadAsync(definitionId, version, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        if (await publish.HandleAsync(definitionId, version, cancellationToken) is null)
        {
            return NotFound();
        }

        return Redirect($"/workflows?definition={Uri.EscapeDataString(definitionId)}&version={version}&published=1");
    }

    private async Task<bool> LoadAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        if (registry.Find(definitionId, version) is not { } definition)
        {
            return false;
        }

        Definition = definition;
        Current = registry.FindLatest(definitionId);
        Diff = Current is null || Current.Version == version ? null : DefinitionDiff.Compare(Current, definition);
        OpenOnCurrent = (await versions.HandleAsync(definitionId, cancellationToken))?.FirstOrDefault(v => v.Version == Current?.Version)?.OpenClaims ?? 0;
        return true;
    }
}
