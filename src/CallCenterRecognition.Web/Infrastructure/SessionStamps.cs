using System.Collections.Concurrent;
using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Infrastructure;

/// <summary>
/// Cookies and bearer tokens are self-contained, so signing out or changing a password would leave copies working until
/// they expire. Both carry the user's security stamp; signing out and changing the password change it, and a session
/// whose stamp is no longer the user's stops working within <see cref="Interval"/> (the stamp is re-read at most that often).
/// </summary>
public sealed class SessionStamps(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (string? Stamp, DateTimeOffset ReadAt)> current = new(StringComparer.Ordinal);

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<SessionStamps>();
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = Interval);
        // Identity re-checks a cookie's stamp only once it is older than the interval; this check reads the same cache as
        // bearer tokens, so a deactivation or sign-out ends the cookie at once on the instance that made it.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure<SessionStamps>((options, stamps) =>
        {
            var previous = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                if (context.Principal is { } principal && !await stamps.IsCurrentAsync(principal, context.Properties.IssuedUtc, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await previous(context);
            };
        });
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).PostConfigure<SessionStamps>((options, stamps) =>
        {
            var previous = options.Events.OnMessageReceived;
            options.Events.OnMessageReceived = async context =>
            {
                await previous(context);
                var token = context.Token ?? BearerToken(context.Request.Headers.Authorization.ToString());
                var ticket = token is null ? null : context.Options.BearerTokenProtector.Unprotect(token);
                if (ticket is not null && !await stamps.IsCurrentAsync(ticket.Principal, ticket.Properties.IssuedUtc, context.HttpContext.RequestAborted))
                {
                    context.Fail("The session has ended: sign in again.");
                }
            };
        });
    }

    /// <summary>Forgets what was read for a user, so this instance sees a change of stamp at once.</summary>
    public void Forget(string userId) => current.TryRemove(userId, out _);

    /// <param name="issuedAt">When the session was issued: one issued after the stamp was last read may carry a newer stamp.</param>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, DateTimeOffset? issuedAt, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(new ClaimsIdentityOptions().SecurityStampClaimType);
        if (userId is null || stamp is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (!current.TryGetValue(userId, out var known)
            || now - known.ReadAt >= Interval
            || (!string.Equals(known.Stamp, stamp, StringComparison.Ordinal) && (issuedAt is null || issuedAt >= known.ReadAt)))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // An inactive account has no current stamp: its sessions end even where the rotated stamp was not yet seen.
            var read = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.Active).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
            known = (read, now);
            current[userId] = known;
        }

        return string.Equals(known.Stamp, stamp, StringComparison.Ordinal);
    }

    private static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
}
