using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Pages.Intake;

[Authorize(Policy = PagePolicies.OpenClaims)]
public sealed class ReferModel(AppDbContext db, ClaimViewBuilder views, ListRepresentatives.Handler representatives, FireAction.Handler fire, WorkflowEngine engine, LocalClock clock) : PageModel
{
    public const int ClaimsShownPerRepresentative = 8;

    public sealed record OpenClaim(Guid Id, string Number, string Department, string StageName, DateTimeOffset? DueAt);

    public ClaimView Claim { get; private set; } = null!;

    public IReadOnlyList<ListRepresentatives.Item> Representatives { get; private set; } = [];

    // What each representative holds now, soonest due first, so the clerk sees the load behind the count.
    public ILookup<string, OpenClaim> OpenClaims { get; private set; } = Array.Empty<OpenClaim>().ToLookup(c => string.Empty);

    public string Date(DateTimeOffset? value) => DisplayDates.Date(value, clock.Zone);

    // Referring is the stage's next step when the definition makes an assigning action its primary one.
    public ActionDefinition? ReferAction { get; private set; }

    public bool CanRefer => ReferAction is not null;

    public bool Saved { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public string? RepresentativeId { get; set; }

    [BindProperty]
    public int? ExpectedVersion { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Saved = true;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(RepresentativeId))
        {
            ModelState.AddModelError(nameof(RepresentativeId), "Choose a representative.");
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (ReferAction is not { Assign: { } assignInput } action)
        {
            Message = "The claim cannot be referred now: it has moved on from this stage.";
            return Page();
        }

        var inputs = new Dictionary<string, JsonElement> { [assignInput] = JsonSerializer.SerializeToElement(RepresentativeId) };
        var result = await fire.HandleAsync(new FireAction.Command(id, action.Id, ExpectedVersion, inputs), User, cancellationToken);
        switch (result.Outcome)
        {
            case FireAction.Outcome.Done:
                return Redirect($"/claims/{id}?done={Uri.EscapeDataString(action.Id)}");
            case FireAction.Outcome.ClaimNotFound:
                return NotFound();
            case FireAction.Outcome.Invalid:
                foreach (var message in result.Errors!.ToDictionary().SelectMany(e => e.Value))
                {
                    ModelState.AddModelError(nameof(RepresentativeId), $"Representative {message}.");
                }

                break;
            case FireAction.Outcome.Stale:
                Message = "Someone else changed this claim while you were choosing. Nothing was saved; here is the claim as it is now.";
                break;
            default:
                Message = $"The claim cannot be referred now: {result.Reason}.";
                break;
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().Include(c => c.AssignedRepresentative).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return false;
        }

        Claim = await views.BuildAsync(claim, User, cancellationToken);
        var definition = engine.DefinitionOf(claim.ToState());
        ReferAction = definition.StagesById.GetValueOrDefault(claim.Stage)?.Primary is { } primary
            && Claim.PermittedActions.Any(a => a.Id == primary)
            && definition.ActionsById[primary] is { Assign: not null } assigning
                ? assigning
                : null;
        Representatives = await representatives.HandleAsync(claim.Department, cancellationToken);
        var ids = Representatives.Select(r => r.Id).ToList();
        var open = await db.Claims.AsNoTracking().Where(c => !c.IsClosed && c.AssignedRepresentativeId != null && ids.Contains(c.AssignedRepresentativeId))
            .Select(c => new { RepresentativeId = c.AssignedRepresentativeId!, c.Id, c.Number, c.Department, c.DefinitionId, c.DefinitionVersion, c.Stage, c.DueAt })
            .ToListAsync(cancellationToken);
        OpenClaims = open.OrderBy(c => c.DueAt ?? DateTimeOffset.MaxValue).ThenBy(c => c.Number, StringComparer.Ordinal)
            .ToLookup(c => c.RepresentativeId, c => new OpenClaim(c.Id, c.Number, c.Department, ClaimMapping.StageName(engine, c.DefinitionId, c.DefinitionVersion, c.Stage), c.DueAt), StringComparer.Ordinal);
        return true;
    }
}
