using CallCenterRecognition.Web.Infrastructure;
using Hangfire.Dashboard;

namespace CallCenterRecognition.Web.Features.Reminders;

// Replaces Hangfire's local-requests-only default: the signed-in user (cookie or bearer) must be Admin or Ccwg; Ccwg only reads.
public sealed class DashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => Allows(context.GetHttpContext().User);

    public static bool Allows(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Ccwg));

    public static bool IsReadOnly(DashboardContext context) => !context.GetHttpContext().User.IsInRole(Roles.Admin);
}
