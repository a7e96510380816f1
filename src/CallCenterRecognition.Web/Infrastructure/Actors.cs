using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Infrastructure;

public static class Actors
{
    public const string DisplayNameClaim = "display_name";

    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user has no id claim.");

    public static WorkflowActor ToActor(this ClaimsPrincipal user) => new(
        user.Id(),
        user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? user.Id(),
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Where(r => Roles.All.Contains(r))]);

    public static bool SeesAllClaims(this ClaimsPrincipal user) => Roles.SeeAllClaims.Any(user.IsInRole);

    public static bool CanSee(this ClaimsPrincipal user, Data.Claim claim) =>
        user.SeesAllClaims() || (user.IsInRole(Roles.Representative) && claim.AssignedRepresentativeId == user.FindFirstValue(ClaimTypes.NameIdentifier));
}

// Puts the display name in cookies and bearer tokens so the journal can name people without a lookup.
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new System.Security.Claims.Claim(Actors.DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.UserName ?? user.Id : user.DisplayName));
        return identity;
    }
}
