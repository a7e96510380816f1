using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Units;

[Authorize(Policy = PagePolicies.Staff)]
public sealed class UnitModel(GetUnit.Handler handler, LocalClock clock) : PageModel
{
    public GetUnit.View? Unit { get; private set; }

    public IReadOnlyList<GetUnit.Candidate> Candidates { get; private set; } = [];

    public bool MayEdit => User.IsInRole(Roles.Ccwg) || User.IsInRole(Roles.Admin);

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Unit = await handler.HandleAsync(id, User, cancellationToken);
        if (Unit is null)
        {
            return NotFound();
        }

        if (MayEdit && Unit.MergedIntoId is null)
        {
            Candidates = await handler.MergeCandidatesAsync(Unit, cancellationToken);
        }

        return Page();
    }

    public string When(DateTimeOffset value) => DisplayDates.DateTime(value, clock.Zone);

    public static string Date(DateOnly? date) => date is { } d ? DisplayDates.Date(d) : "—";
}
