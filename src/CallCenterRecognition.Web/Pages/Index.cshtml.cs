using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages;

// Each role starts where its work is.
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(Roles.Ccwg) || User.IsInRole(Roles.Admin) ? Redirect("/dashboard")
        : User.IsInRole(Roles.Mrc) ? Redirect("/intake")
        : User.IsInRole(Roles.Representative) ? Redirect("/claims")
        : RedirectToPage("/Account/NoRole");
}
