using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Units;

// A page of its own so that only the CCWG and administrators reach the writes; the unit page links here for the merge's confirm step.
[Authorize(Policy = PagePolicies.Dashboard)]
public sealed class EditUnitModel(GetUnit.Handler get, UpdateUnit.Handler update) : PageModel
{
    public GetUnit.View? Unit { get; private set; }

    public GetUnit.Candidate? Target { get; private set; }

    public IReadOnlyList<GetUnit.Candidate> Candidates { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public long? MergeInto { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Location { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Name = Unit!.Name;
        Location = Unit.Location;
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken cancellationToken) =>
        await ApplyAsync(id, new UpdateUnit.Command(Name ?? string.Empty, Location ?? string.Empty, null), "updated", cancellationToken);

    public async Task<IActionResult> OnPostMergeAsync(long id, CancellationToken cancellationToken)
    {
        if (MergeInto is null)
        {
            Errors["mergeInto"] = "Choose the unit to merge into.";
            return await RedisplayAsync(id, cancellationToken);
        }

        return await ApplyAsync(id, new UpdateUnit.Command(null, null, MergeInto), "merged", cancellationToken);
    }

    private async Task<IActionResult> ApplyAsync(long id, UpdateUnit.Command command, string done, CancellationToken cancellationToken)
    {
        var errors = UpdateUnit.Validate(command);
        if (!errors.Any)
        {
            var result = await update.HandleAsync(id, command, User.ToActor(), cancellationToken);
            if (result.Outcome == UpdateUnit.Outcome.NotFound)
            {
                return NotFound();
            }

            if (result.Outcome == UpdateUnit.Outcome.Done)
            {
                return Redirect($"/units/{(done == "merged" ? command.MergeInto : id)}?done={done}");
            }

            errors = result.Errors!;
        }

        foreach (var (field, messages) in errors.ToDictionary())
        {
            Errors[field] = string.Join(" ", messages);
        }

        return await RedisplayAsync(id, cancellationToken);
    }

    private async Task<IActionResult> RedisplayAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        Unit = await get.HandleAsync(id, User, cancellationToken);
        if (Unit is null)
        {
            return false;
        }

        Candidates = Unit.MergedIntoId is null ? await get.MergeCandidatesAsync(Unit, cancellationToken) : [];
        Target = Candidates.FirstOrDefault(c => c.Id == MergeInto);
        return true;
    }
}
