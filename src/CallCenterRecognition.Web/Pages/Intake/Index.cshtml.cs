using System.Text.Json;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Intake;

[Authorize(Policy = PagePolicies.OpenClaims)]
public sealed class IntakeModel(OpenClaim.Handler handler, ListDepartments.Handler departments, Features.Grievants.AddGrievant.Handler grievants, CallCenterRecognition.Workflows.WorkflowEngine engine) : PageModel
{
    public static readonly (string Value, string Text)[] PhoneSystemNames = [("desk-phone", "Desk phone"), ("cti", "CTI (computer telephony)"), ("acd", "ACD (call queue)")];

    // The handler's field names, mapped onto this form's inputs so each message lands beside its field.
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["member.name"] = "Input.MemberName",
        ["member.email"] = "Input.MemberEmail",
        ["member.phone"] = "Input.MemberPhone",
        ["member.language"] = "Input.MemberLanguage",
        ["department"] = "Input.Department",
        ["workUnit"] = "Input.WorkUnit",
        ["bargainingUnit"] = "Input.BargainingUnit",
        ["classification"] = "Input.Classification",
        ["phoneSystems"] = "Input.PhoneSystems",
        ["description"] = "Input.Description",
    };

    [BindProperty]
    public IntakeInput Input { get; set; } = new();

    // Set when the unit's standing refused the claim asked for (a recognized unit gets a follow-up, not a grievance).
    public OpenClaim.UnitConflict? Conflict { get; private set; }

    // The datalist: a phone user types "EDD" or the name and picks; the server resolves whatever arrives.
    public IReadOnlyList<ListDepartments.Item> KnownDepartments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => KnownDepartments = await departments.ActiveAsync(cancellationToken);

    private async Task<IActionResult> PageWithDepartmentsAsync(CancellationToken cancellationToken)
    {
        KnownDepartments = await departments.ActiveAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var command = new OpenClaim.Command(
            new OpenClaim.MemberInput(Input.MemberName, Input.MemberEmail, Input.MemberPhone, Input.MemberLanguage),
            Input.Department,
            Input.WorkUnit,
            string.IsNullOrWhiteSpace(Input.BargainingUnit) ? null : JsonSerializer.SerializeToElement(Input.BargainingUnit),
            Input.Classification,
            [.. Input.PhoneSystems],
            Input.Description,
            string.IsNullOrWhiteSpace(Input.DefinitionId) ? null : Input.DefinitionId);
        var result = await handler.HandleAsync(command, User.ToActor(), cancellationToken);
        if (result.Errors.Any)
        {
            foreach (var (field, messages) in result.Errors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(FieldNames.GetValueOrDefault(field, string.Empty), ClaimFields.Sentence(field, message));
                }
            }

            KnownDepartments = await departments.ActiveAsync(cancellationToken);
            return Page();
        }

        if (result.Conflict is { } conflict)
        {
            Conflict = conflict;
            Input.DefinitionId = conflict.DefinitionIds.FirstOrDefault();
            return await PageWithDepartmentsAsync(cancellationToken);
        }

        // A process that starts by assigning someone goes on to the referral step; any other opens on the claim page.
        var claim = result.Claim!;
        var definition = engine.Registry.Get(claim.DefinitionId, claim.DefinitionVersion);
        return definition.ActionsFrom(claim.Stage).Any(a => a.Assign is not null)
            ? Redirect($"/intake/{claim.Id}/refer")
            : Redirect($"/claims/{claim.Id}");
    }

    // "Add this member as a grievant to CC-…": the member typed here joins the unit's open claim instead of opening another.
    public async Task<IActionResult> OnPostAddGrievantAsync(Guid claimId, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await grievants.HandleAsync(claimId, new(Input.MemberName, Input.MemberEmail, Input.MemberPhone, Input.Classification, Language: Input.MemberLanguage), User, cancellationToken);
        switch (result.Outcome)
        {
            case Features.Grievants.AddGrievant.Outcome.Done:
                return Redirect($"/claims/{claimId}#grievants");
            case Features.Grievants.AddGrievant.Outcome.Invalid:
                var intakeField = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = ClaimFields.MemberName, ["email"] = ClaimFields.MemberEmail, ["phone"] = ClaimFields.MemberPhone, ["classification"] = ClaimFields.Classification };
                foreach (var (field, messages) in result.Errors!.ToDictionary())
                {
                    var own = intakeField.GetValueOrDefault(field, field);
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(FieldNames.GetValueOrDefault(own, string.Empty), ClaimFields.Sentence(own, message));
                    }
                }

                return await PageWithDepartmentsAsync(cancellationToken);
            default:
                ModelState.AddModelError(string.Empty, result.Reason ?? "The member could not be added to that claim.");
                return await PageWithDepartmentsAsync(cancellationToken);
        }
    }

    public sealed class IntakeInput
    {
        public string? MemberName { get; set; }

        public string? MemberEmail { get; set; }

        public string? MemberPhone { get; set; }

        public string? MemberLanguage { get; set; } = Features.Language.MemberLanguages.Default;

        public string? Department { get; set; }

        public string? WorkUnit { get; set; }

        public string? BargainingUnit { get; set; }

        public string? Classification { get; set; }

        public List<string> PhoneSystems { get; set; } = [];

        public string? Description { get; set; }

        // Empty: the process intake chooses for the unit; "differential-follow-up" when the MRC opens that instead.
        public string? DefinitionId { get; set; }
    }
}
