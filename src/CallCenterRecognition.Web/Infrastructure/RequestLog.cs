using System.Diagnostics;
using System.Text;

namespace CallCenterRecognition.Web.Infrastructure;

// One line per request, with member and feed tokens and every query value cut out. ASP.NET Core's own request lines and
// its RequestPath scope carry the raw path (a member link is a password), so its hosting category is switched off.
public static class RequestLog
{
    public const string Category = "CallCenterRecognition.Requests";
    public const string Redacted = "[redacted]";

    public static void AddRequestLog(this ILoggingBuilder logging) =>
        // Registered after the configuration's rules, so it wins over any Logging:LogLevel value for the same category.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

    public static void UseRequestLog(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var target = Redact(context.Request.Path, context.Request.QueryString);
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.TraceIdentifier, ["RequestPath"] = target });
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation("HTTP {Method} {Target} responded {StatusCode} in {ElapsedMilliseconds:0.0} ms", context.Request.Method, target, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    public static string Redact(PathString path, QueryString query)
    {
        var segments = (path.Value ?? "/").Split('/');
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (segments[i].Equals("member", StringComparison.OrdinalIgnoreCase) && segments[i + 1].Length > 0)
            {
                segments[i + 1] = Redacted;
            }
        }

        var text = new StringBuilder(string.Join('/', segments));
        if (query.HasValue && query.Value!.Length > 1)
        {
            var separator = '?';
            foreach (var pair in query.Value[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                text.Append(separator).Append(equals < 0 ? Redacted : pair[..equals] + "=" + Redacted);
                separator = '&';
            }
        }

        return text.ToString();
    }
}
