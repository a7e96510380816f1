using System.Globalization;
using System.Threading.RateLimiting;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;

namespace CallCenterRecognition.Web.Infrastructure;

// Counts failed sign-ins per account and per address; a correct sign-in costs nothing, so a flood of failures for other
// accounts from a shared address (an office NAT) does not refuse a colleague who knows their password until the
// address's larger budget is spent. Every failure answers alike, and as slowly as a real password check.
public sealed class SignInThrottle : IDisposable
{
    public const string Failed = "The e-mail or password is not right.";

    private readonly PartitionedRateLimiter<string> accounts;
    private readonly PartitionedRateLimiter<string> addresses;
    private string? dummyHash;

    public SignInThrottle(IConfiguration configuration)
    {
        accounts = Limiter(configuration.GetValue("RateLimits:SignInPerMinute", 10));
        addresses = Limiter(configuration.GetValue("RateLimits:SignInFailuresPerAddressPerMinute", 50));
    }

    public TimeSpan? Refused(string address, string email)
    {
        foreach (var (limiter, key) in new[] { (accounts, Account(email)), (addresses, address) })
        {
            if (limiter.GetStatistics(key)?.CurrentAvailablePermits > 0)
            {
                continue;
            }

            using var lease = limiter.AttemptAcquire(key, 1);
            if (!lease.IsAcquired)
            {
                return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            }
        }

        return null;
    }

    public void Failure(string address, string email)
    {
        accounts.AttemptAcquire(Account(email)).Dispose();
        addresses.AttemptAcquire(address).Dispose();
    }

    // Identity answers an unknown, inactive or locked-out account without hashing, which tells a timing attacker which accounts exist.
    public async Task SpendHashTimeAsync(UserManager<AppUser> users, string email, string password)
    {
        var user = await users.FindByNameAsync(email);
        if (user is { Active: true } && !await users.IsLockedOutAsync(user))
        {
            return;
        }

        var stand = new AppUser();
        dummyHash ??= users.PasswordHasher.HashPassword(stand, Guid.NewGuid().ToString("N"));
        users.PasswordHasher.VerifyHashedPassword(stand, dummyHash, password);
    }

    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    // Wraps MapIdentityApi's /login: limits before it, one answer for every failure after it.
    public static async ValueTask<object?> LoginFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<LoginRequest>().FirstOrDefault() is not { } login)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var throttle = http.RequestServices.GetRequiredService<SignInThrottle>();
        var address = Security.ClientAddress(http);
        var email = login.Email ?? string.Empty;
        if (throttle.Refused(address, email) is { } wait)
        {
            var seconds = RetryAfterSeconds(wait);
            http.Response.Headers.RetryAfter = seconds;
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", $"Too many attempts; try again in {seconds} seconds.");
        }

        await throttle.SpendHashTimeAsync(http.RequestServices.GetRequiredService<UserManager<AppUser>>(), email, login.Password ?? string.Empty);
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
        if (inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            throttle.Failure(address, email);
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", Failed);
        }

        return result;
    }

    public void Dispose()
    {
        accounts.Dispose();
        addresses.Dispose();
    }

    private static string Account(string email) => email.Trim().ToUpperInvariant();

    private static PartitionedRateLimiter<string> Limiter(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
}
