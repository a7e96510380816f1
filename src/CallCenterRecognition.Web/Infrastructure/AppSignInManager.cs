using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Infrastructure;

// An inactive account cannot sign in (Identity answers NotAllowed, which the sign-in paths answer as a wrong password), and
// its cookie and refresh token fail the stamp check even before the stamp rotated on deactivation has been seen.
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    TimeProvider time)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    // Every password sign-in (the page, the API's token and cookie modes) comes through here: record when it succeeded.
    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (result.Succeeded)
        {
            user.LastSignInAt = time.GetUtcNow();
            await UserManager.UpdateAsync(user);
        }

        return result;
    }

    public override async Task<bool> CanSignInAsync(AppUser user) => user.Active && await base.CanSignInAsync(user);

    public override async Task<bool> ValidateSecurityStampAsync(AppUser? user, string? securityStamp) =>
        user is { Active: true } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
