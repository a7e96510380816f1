using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Workflows;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Documents;

// The checklist is advisory (the CCWG says so), but acting without the duty statement or the org chart must be a deliberate choice.
public sealed class EssentialEvidenceCheck(AppDbContext db) : IActionCheck
{
    public static readonly NamedCheck Registration = new("essential-evidence", "confirmMissingEvidence");

    NamedCheck IActionCheck.Registration => Registration;

    public async Task<CheckRefusal?> RunAsync(Claim claim, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        if (inputs.GetValueOrDefault(Registration.ConfirmInput!) == "true")
        {
            return null;
        }

        var missing = Checklist.MissingEssential(await Checklist.ForClaimAsync(db, claim.Id, cancellationToken));
        return missing.Count == 0
            ? null
            : new CheckRefusal(
                "Evidence missing: confirm to go on",
                $"no {string.Join(" or ", missing.Select(DocumentCategories.Title))} has been uploaded, and the checklist is a guide, not a prerequisite",
                Registration.ConfirmInput,
                missing);
    }

    public async Task<IReadOnlyList<string>?> PreviewAsync(Claim claim, CancellationToken cancellationToken) =>
        Checklist.MissingEssential(await Checklist.ForClaimAsync(db, claim.Id, cancellationToken));
}
