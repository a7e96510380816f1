using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Infrastructure;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallCenterRecognition.Web.Features.Telemetry;

// OpenTelemetry metrics and traces. Off unless asked for: /metrics (OpenTelemetry:Prometheus:Enabled), an OTLP collector
// (OpenTelemetry:Endpoint), or OpenTelemetry:Enabled for in-process listeners only. Trace and span ids go in every log
// line's scope whenever a trace is running.
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue<bool>("OpenTelemetry:Prometheus:Enabled");

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var prometheus = PrometheusEnabled(configuration);
        var endpoint = configuration["OpenTelemetry:Endpoint"] is { Length: > 0 } configured ? new Uri(configured.TrimEnd('/') + "/") : null;
        if (!prometheus && endpoint is null && !configuration.GetValue<bool>("OpenTelemetry:Enabled"))
        {
            return;
        }

        var grpc = string.Equals(configuration["OpenTelemetry:Protocol"], "grpc", StringComparison.OrdinalIgnoreCase);
        var exportInterval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("OpenTelemetry:ExportIntervalSeconds", 60)));
        builder.Services.AddSingleton<StoredGauges>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OpenTelemetry:ServiceName"] ?? AppTelemetry.Name, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(AppTelemetry.Name, "Microsoft.EntityFrameworkCore");
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Otlp(exporter, endpoint, grpc, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)exportInterval.TotalMilliseconds;
                    });
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options =>
                    {
                        options.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health");
                        // A member link's path is its password, and query values may name people: keep the redacted form only.
                        options.EnrichWithHttpRequest = (activity, request) =>
                        {
                            activity.SetTag("url.path", RequestLog.Redact(request.Path, QueryString.Empty));
                            activity.SetTag("url.query", null);
                        };
                    })
                    .AddSource(AppTelemetry.Name);
                // A fraction of the traces, chosen at the request (a reminder send follows its action's choice), when every
                // request's spans cost more than they tell.
                var ratio = Math.Clamp(configuration.GetValue("OpenTelemetry:TraceSampleRatio", 1.0), 0.0, 1.0);
                if (ratio < 1.0)
                {
                    tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
                }
                if (endpoint is not null)
                {
                    tracing.AddOtlpExporter(exporter => Otlp(exporter, endpoint, grpc, "v1/traces"));
                }
            });
    }

    public static void UseTelemetry(this WebApplication app)
    {
        // The database gauges exist once their owner does; without OpenTelemetry nobody would read them.
        _ = app.Services.GetService<StoredGauges>();
        if (!PrometheusEnabled(app.Configuration))
        {
            return;
        }

        var token = app.Configuration["OpenTelemetry:Prometheus:Token"] is { Length: > 0 } configured ? Encoding.UTF8.GetBytes(configured) : null;
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase)
                || context.User.IsInRole(Roles.Admin) || BearerMatches(context.Request, token))
            {
                await next(context);
                return;
            }

            var signedIn = context.User.Identity?.IsAuthenticated == true;
            if (!signedIn)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await Results.Problem(statusCode: signedIn ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized,
                detail: "The metrics are for administrators and for the scraper holding OpenTelemetry:Prometheus:Token.").ExecuteAsync(context);
        });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
    }

    private static bool BearerMatches(HttpRequest request, byte[]? token)
    {
        const string Scheme = "Bearer ";
        if (token is null || request.Headers.Authorization.ToString() is not { } header || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), token);
    }

    private static void Otlp(OtlpExporterOptions exporter, Uri endpoint, bool grpc, string signalPath)
    {
        exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        // Over http/protobuf a configured endpoint is used as given, so the signal's path is added here, as the OTLP spec's
        // environment variable would.
        exporter.Endpoint = grpc ? endpoint : new Uri(endpoint, signalPath);
    }
}
