using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Sessions;

// Identity's refresh tokens are self-contained and would renew for as long as they live, however often they are copied.
// Here each one is exchanged once: the first exchange records its hash, and a second sight of it means two parties hold
// the token family, so every session of the account ends (a new security stamp) and both have to sign in again.
public static class SingleUseRefreshTokens
{
    public const string Reused = "This refresh token was already used. Every session of the account has ended; sign in again.";

    public static void AddSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Ledger>();
        builder.Services.AddHostedService<SpentTokenSweep>();
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    // In front of MapIdentityApi's /refresh. The endpoint has bound the body to a RefreshRequest already, so the filter reads
    // the argument rather than the stream: nothing downstream has to find the body again.
    public static async ValueTask<object?> RefreshFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<RefreshRequest>().FirstOrDefault() is not { RefreshToken: { Length: > 0 } token })
        {
            return await next(context);
        }

        var services = context.HttpContext.RequestServices;
        var protector = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(token);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // A forged, expired or unreadable token is Identity's to refuse; only a token that would work is worth recording.
        if (ticket?.Properties.ExpiresUtc is not { } expires || now >= expires || ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return await next(context);
        }

        if (await services.GetRequiredService<Ledger>().TrySpendAsync(Hash(token), userId, now, expires))
        {
            return await next(context);
        }

        // Only if the token's stamp is still the account's: an older family's sessions have ended already, and rotating
        // again would end the sessions the user has made since.
        var signIn = services.GetRequiredService<SignInManager<AppUser>>();
        if (await signIn.ValidateSecurityStampAsync(ticket.Principal) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            services.GetRequiredService<SessionStamps>().Forget(user.Id);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleUseRefreshTokens))
                .LogWarning("A refresh token was presented a second time; every session of user {UserId} was ended", user.Id);
        }

        return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", Reused);
    }

    // The spent-token table; its primary key decides which of two concurrent exchanges of one token wins.
    public sealed class Ledger(IServiceScopeFactory scopes)
    {
        public async Task<bool> TrySpendAsync(string hash, string userId, DateTimeOffset now, DateTimeOffset expires)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Set<SpentRefreshToken>().Add(new SpentRefreshToken { TokenHash = hash, UserId = userId, SpentAt = now, ExpiresAt = expires });
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return true;
            }
            catch (DbUpdateException ex) when (ex.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 } or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // The key is taken, perhaps by a save in the same group commit that has not committed yet, so it cannot be read back.
                return false;
            }
            catch (DbUpdateException)
            {
                // Any other failure: the token is spent exactly when its row is there.
                db.ChangeTracker.Clear();
                if (await db.Set<SpentRefreshToken>().AnyAsync(t => t.TokenHash == hash))
                {
                    return false;
                }

                throw;
            }
        }

        public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return await db.Set<SpentRefreshToken>().Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        }
    }

    // A row is needed only while its token could still be exchanged.
    public sealed class SpentTokenSweep(Ledger ledger, TimeProvider time, ILogger<SpentTokenSweep> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ledger.SweepAsync(time.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Sweeping spent refresh tokens failed; it runs again in an hour");
                }
            }
        }
    }
}
