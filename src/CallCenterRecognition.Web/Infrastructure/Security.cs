using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.HttpOverrides;
using System.Net;

namespace CallCenterRecognition.Web.Infrastructure;

public static class Security
{
    public const string SignInLimit = "sign-in";
    public const string MemberLinkLimit = "member-link";
    public const string UploadLimit = "uploads";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static void AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var signIns = configuration.GetValue("RateLimits:SignInRequestsPerAddressPerMinute", 120);
        var memberLinks = configuration.GetValue("RateLimits:MemberLinkPerMinute", 30);
        var uploads = configuration.GetValue("RateLimits:UploadsPerMinute", 30);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Reading a sign-in or member page is free; posting to it is what an attacker repeats.
            options.AddPolicy(SignInLimit, context => Reads(context) ? RateLimitPartition.GetNoLimiter("read") : Window("sign-in:" + ClientAddress(context), signIns));
            options.AddPolicy(MemberLinkLimit, context => Window("member:" + ClientAddress(context), memberLinks));
            // Across addresses too, so guesses spread over many addresses still meet a limit; a prefix, not the token, so the
            // partition table cannot be filled with one entry per guess.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                MemberTokenPrefix(context.Request.Path) is { } prefix ? Window("member-prefix:" + prefix, memberLinks) : RateLimitPartition.GetNoLimiter(string.Empty));
            options.AddPolicy(UploadLimit, context => Window(context.User.Identity?.IsAuthenticated == true ? "user:" + context.User.Identity.Name : ClientAddress(context), uploads));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var message = $"Too many attempts; try again in {seconds} seconds.";
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", message).ExecuteAsync(context.HttpContext);
                    return;
                }

                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Too many attempts</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main id=\"main\"><h1>Too many attempts</h1><p>{message}</p><p><a href=\"{System.Net.WebUtility.HtmlEncode(context.HttpContext.Request.Path)}\">Try again</a></p></main></body></html>",
                    cancellationToken);
            };
        });
        services.AddSingleton<SignInThrottle>();
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the proxies named here are believed; the framework's default (loopback) is not kept.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in List(configuration["ForwardedHeaders:KnownProxies"]))
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in List(configuration["ForwardedHeaders:KnownNetworks"]))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    public static void UseForwardedHeadersWhenConfigured(this WebApplication app)
    {
        if (List(app.Configuration["ForwardedHeaders:KnownProxies"]).Length > 0 || List(app.Configuration["ForwardedHeaders:KnownNetworks"]).Length > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    private static string[] List(string? value) => (value ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static void UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // The API reference (Scalar) is the one page with an inline script: its per-request nonce is allowed on its own response only.
                headers.ContentSecurityPolicy = context.Items.TryGetValue(Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string { Length: > 0 } value
                    ? ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{value}'", StringComparison.Ordinal)
                    : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // What an endpoint answers may name a member; a shared or back-button cache must not keep it. Static files (no endpoint) keep theirs.
                if (!headers.ContainsKey("Cache-Control") && (context.GetEndpoint() is not null || context.Request.Path.StartsWithSegments("/api")))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    // A browser sends the sign-in cookie on any same-site (and top-level cross-site) request; only the page's token proves the page sent it.
    // Bearer callers are exempt, as is what has no cookie session to ride on: sign-in, refresh, and the member-token endpoints.
    public static void UseApiAntiforgery(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsGuardedApiWrite(context.Request) && SignedInByCookie(context))
            {
                var header = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName ?? "RequestVerificationToken";
                // The header only: looking for a form field would read an upload's body before its endpoint sets the size limit.
                if (!context.Request.Headers.ContainsKey(header) || !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
                {
                    await Problems.Invalid(header, "is missing or invalid; send the page's antiforgery token in this header").ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
    }

    public static bool IsGuardedApiWrite(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        && request.Path.StartsWithSegments("/api")
        && !request.Path.StartsWithSegments("/api/auth/login")
        && !request.Path.StartsWithSegments("/api/auth/refresh")
        && !request.Path.StartsWithSegments("/api/member");

    // Anything signed in other than by a bearer token ("Identity.Bearer:AccessToken") counts as the cookie, so a scheme added later is checked, not waved through.
    private static bool SignedInByCookie(HttpContext context)
    {
        var scheme = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme ?? string.Empty;
        return context.User.Identity?.IsAuthenticated == true && !scheme.StartsWith(IdentityConstants.BearerScheme + ":", StringComparison.Ordinal);
    }

    private static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static bool Reads(HttpContext context) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    private static string? MemberTokenPrefix(PathString path)
    {
        if (!path.StartsWithSegments("/member", StringComparison.OrdinalIgnoreCase, out var rest) && !path.StartsWithSegments("/api/member", StringComparison.OrdinalIgnoreCase, out rest))
        {
            return null;
        }

        var token = (rest.Value ?? string.Empty).TrimStart('/').Split('/')[0];
        return token.Length == 0 ? null : token[..Math.Min(4, token.Length)];
    }

    // After UseForwardedHeaders, the client behind a configured proxy.
    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "local";
}
