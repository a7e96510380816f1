using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Account;

public sealed class NoRoleModel : PageModel
{
    public void OnGet()
    {
    }
}
