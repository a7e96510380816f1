using System.ComponentModel.DataAnnotations;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Account;

public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, CallCenterRecognition.Web.Infrastructure.SessionStamps stamps) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your current password.")]
    [StringLength(200)]
    public string? Current { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter a new password.")]
    [StringLength(200)]
    public string? New { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Repeat the new password.")]
    [Compare(nameof(New), ErrorMessage = "The two new passwords differ.")]
    public string? Confirm { get; set; }

    public bool Required { get; private set; }

    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }

        Required = user.MustChangePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }

        Required = user.MustChangePassword;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, Current!, New!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(Current) : nameof(New), error.Description);
            }

            return Page();
        }

        // The new password changed the stamp: other sessions end; this one is signed in again below with the new stamp.
        stamps.Forget(user.Id);
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.RefreshSignInAsync(user);
        if (Required)
        {
            return Redirect("/");
        }

        Done = true;
        return Page();
    }
}
