using CallCenterRecognition.Web.Features.Users;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Admin;

[Authorize(Policy = PagePolicies.Admin)]
public sealed class UsersModel(ListUsers.Handler list, InviteUser.Handler invite, LocalClock clock) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Message { get; private set; }

    public string When(DateTimeOffset? value) => value is null ? "never" : DisplayDates.DateTime(value, clock.Zone);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await list.HandleAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new InviteUser.Command(Email, DisplayName, [.. Roles]);
        var errors = InviteUser.Validate(command);
        if (!errors.Any)
        {
            var actor = User.ToActor();
            var result = await invite.HandleAsync(command, actor.Id, actor.Name, cancellationToken);
            if (result.Outcome == InviteUser.Outcome.Done)
            {
                return Redirect($"/admin/users/{result.User!.Id}?invited=true");
            }

            errors.Add(result.Outcome == InviteUser.Outcome.EmailInUse ? "email" : "body", result.Reason!);
        }

        foreach (var (field, messages) in errors.ToDictionary())
        {
            Errors[field] = string.Join(" ", messages);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Users = await list.HandleAsync(cancellationToken);
        return Page();
    }
}
