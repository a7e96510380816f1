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
public sealed class IntakeModel(OpenClaim.Handler handler, ListDepartments.Handler departments) : PageModel
{
    public static readonly (string Value, string Text)[] PhoneSystemNames = [("desk-phone", "Desk phone"), ("cti", "CTI (computer telephony)"), ("acd", "ACD (call queue)")];

    // The handler's field names, mapped onto this form's inputs so each message lands beside its field.
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["member.name"] = "Input.MemberName",
        ["member.email"] = "Input.MemberEmail",
        ["member.phone"] = "Input.MemberPhone",
        ["department"] = "Input.Department",
        ["workUnit"] = "Input.WorkUnit",
        ["bargainingUnit"] = "Input.BargainingUnit",
        ["classification"] = "Input.Classification",
        ["phoneSystems"] = "Input.PhoneSystems",
        ["description"] = "Input.Description",
    };

    [BindProperty]
    public IntakeInput Input { get; set; } = new();

    // The datalist: a phone user types "EDD" or the name and picks; the server resolves whatever arrives.
    public IReadOnlyList<ListDepartments.Item> KnownDepartments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => KnownDepartments = await departments.ActiveAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var command = new OpenClaim.Command(
            new OpenClaim.MemberInput(Input.MemberName, Input.MemberEmail, Input.MemberPhone),
            Input.Department,
            Input.WorkUnit,
            string.IsNullOrWhiteSpace(Input.BargainingUnit) ? null : JsonSerializer.SerializeToElement(Input.BargainingUnit),
            Input.Classification,
            [.. Input.PhoneSystems],
            Input.Description);
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

        return Redirect($"/intake/{result.Claim!.Id}/refer");
    }

    public sealed class IntakeInput
    {
        public string? MemberName { get; set; }

        public string? MemberEmail { get; set; }

        public string? MemberPhone { get; set; }

        public string? Department { get; set; }

        public string? WorkUnit { get; set; }

        public string? BargainingUnit { get; set; }

        public string? Classification { get; set; }

        public List<string> PhoneSystems { get; set; } = [];

        public string? Description { get; set; }
    }
}
