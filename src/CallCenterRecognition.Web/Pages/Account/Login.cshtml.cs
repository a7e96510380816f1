using System.ComponentModel.DataAnnotations;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Account;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(CallCenterRecognition.Web.Infrastructure.Security.SignInLimit)]
public sealed class LoginModel(SignInManager<AppUser> signIn, SignInThrottle throttle) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [StringLength(254)]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(200)]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    // Set when the visitor comes from choosing a password through an e-mailed link.
    [BindProperty(SupportsGet = true)]
    public bool PasswordSet { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Email!.Trim();
        var address = Security.ClientAddress(HttpContext);
        if (throttle.Refused(address, email) is { } wait)
        {
            var seconds = SignInThrottle.RetryAfterSeconds(wait);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds;
            Error = $"Too many attempts; try again in {seconds} seconds.";
            return Page();
        }

        await throttle.SpendHashTimeAsync(signIn.UserManager, email, Password!);
        // The cookie, not a bearer token: pages use Identity's application cookie.
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(email, Password!, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            // A locked account answers as a wrong password does, so the page does not say which accounts exist.
            throttle.Failure(address, email);
            Error = SignInThrottle.Failed;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
