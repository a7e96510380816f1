using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Grievants;
using CallCenterRecognition.Web.Features.Units;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Pages.Claims;

// The "Grievants" section of the claim page: everyone the grievance is brought for, each with their own upload link.
public sealed partial class ClaimModel
{
    public sealed record GrievantRow(GrievantView Grievant, MemberLinkStatus? Link);

    public IReadOnlyList<GrievantRow> Grievants { get; private set; } = [];

    public bool MayChangeGrievants { get; private set; }

    public (long Id, string Name, string Status, DateOnly? StatusOn)? Unit { get; private set; }

    public GrievantInput GrievantForm { get; private set; } = new();

    public Dictionary<string, string> GrievantErrors { get; } = new(StringComparer.Ordinal);

    public bool GrievantFormOpen { get; private set; }

    public sealed class GrievantInput
    {
        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        public string? Classification { get; set; }

        public string? Language { get; set; }
    }

    private async Task LoadGrievantsAsync(Data.Claim claim, CancellationToken cancellationToken)
    {
        MayChangeGrievants = AddGrievant.MayChange(User, claim) && !claim.IsClosed;
        var links = MemberLinks.MaySend(User, claim)
            ? await HttpContext.RequestServices.GetRequiredService<MemberLinks.Handler>().ActiveByGrievantAsync(claim.Id, cancellationToken)
            : [];
        Grievants = [.. Claim.Grievants.Select(g => new GrievantRow(g, links.FirstOrDefault(l => l.Grievant.Id == g.Id).Link))];
        if (claim.UnitId is { } unitId && await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken) is { } unit)
        {
            Unit = (unit.Id, unit.Name, unit.Status ?? UnitStatuses.None, unit.StatusOn);
        }
    }

    public async Task<IActionResult> OnPostAddGrievantAsync(Guid id, [Bind(Prefix = "Grievant")] GrievantInput grievant, [FromServices] AddGrievant.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(id, new AddGrievant.Command(grievant.Name, grievant.Email, grievant.Phone, grievant.Classification, Language: grievant.Language), User, cancellationToken);
        switch (result.Outcome)
        {
            case AddGrievant.Outcome.Done:
                return Redirect($"/claims/{id}?grievant=added#grievants");
            case AddGrievant.Outcome.ClaimNotFound:
                return NotFound();
            case AddGrievant.Outcome.Invalid:
                foreach (var (field, messages) in result.Errors!.ToDictionary())
                {
                    GrievantErrors[field] = string.Join(" ", messages.Select(m => $"{char.ToUpperInvariant(m[0])}{m[1..]}."));
                }

                GrievantForm = grievant;
                GrievantFormOpen = true;
                Message = "Some fields need attention; see the messages beside them. Nothing was saved.";
                break;
            case AddGrievant.Outcome.NoAccess:
                Response.StatusCode = StatusCodes.Status403Forbidden;
                Message = result.Reason;
                break;
            default:
                Message = result.Reason;
                break;
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveGrievantAsync(Guid id, long grievantId, string? reason, [FromServices] RemoveGrievant.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(id, grievantId, reason, User, cancellationToken);
        if (result.Outcome == RemoveGrievant.Outcome.Done)
        {
            return Redirect($"/claims/{id}?grievant=removed#grievants");
        }

        if (result.Outcome == RemoveGrievant.Outcome.NoAccess)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        Message = result.Reason;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }
}
