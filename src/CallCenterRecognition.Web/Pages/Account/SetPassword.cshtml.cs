using System.ComponentModel.DataAnnotations;
using CallCenterRecognition.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Account;

// Where an invitation or reset link lands. The token arrives in the query (the request log redacts query values) and goes
// back in the form body; a used, expired or unknown link answers 410 with the same words for all three.
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(CallCenterRecognition.Web.Infrastructure.Security.SignInLimit)]
public sealed class SetPasswordModel(SetPassword.Handler handler) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter a new password.")]
    [StringLength(200)]
    public string? New { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Repeat the new password.")]
    [Compare(nameof(New), ErrorMessage = "The two passwords differ.")]
    public string? Confirm { get; set; }

    public bool Gone { get; private set; }

    public string? Email { get; private set; }

    public string? Name { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // The address holds the token: a link followed from this page must not carry it away in the Referer header.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var user = await handler.FindAsync(Token, cancellationToken);
        if (user is null)
        {
            return GonePage();
        }

        Email = user.Email;
        Name = user.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var user = await handler.FindAsync(Token, cancellationToken);
        if (user is null)
        {
            return GonePage();
        }

        Email = user.Email;
        Name = user.DisplayName;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await handler.HandleAsync(Token, New!, cancellationToken);
        switch (result.Outcome)
        {
            case SetPassword.Outcome.Done:
                return RedirectToPage("/Account/Login", new { passwordSet = true });
            case SetPassword.Outcome.Invalid:
                foreach (var error in result.Errors!)
                {
                    ModelState.AddModelError(nameof(New), error.Description);
                }

                return Page();
            default:
                return GonePage();
        }
    }

    private PageResult GonePage()
    {
        Gone = true;
        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}
