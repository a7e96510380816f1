using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Features.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Metrics at /metrics (off by default; an administrator or the scraper's token when on), OTLP export to a collector,
// traces of requests with their database commands, reminder sends joining the trace of the action that scheduled them,
// and trace ids in the log scopes.
public sealed class TelemetryTests
{
    private const string ScrapeToken = "scrape-token-for-tests-0123456789";

    private static AppFactory WithMetrics() => new()
    {
        Settings =
        {
            ["OpenTelemetry:Prometheus:Enabled"] = "true",
            ["OpenTelemetry:Prometheus:Token"] = ScrapeToken,
            ["OpenTelemetry:GaugeRefreshSeconds"] = "0",
        },
    };

    private static async Task<(HttpStatusCode Status, string Body)> ScrapeAsync(AppFactory factory, string? bearer)
    {
        using var client = factory.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await client.GetAsync(TelemetrySetup.MetricsPath);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_OffByDefault_Returns404()
    {
        using var factory = new AppFactory();
        var admin = await factory.ClientForAsync(Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(TelemetrySetup.MetricsPath)).StatusCode);
    }

    [Fact]
    public async Task Metrics_OnWithoutAdminOrToken_Returns401Or403()
    {
        using var factory = WithMetrics();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(factory, null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(factory, "scrape-token-for-tests-0123456788")).Status);
        var mrc = await factory.ClientForAsync(Mrc);
        Assert.Equal(HttpStatusCode.Forbidden, (await mrc.GetAsync(TelemetrySetup.MetricsPath)).StatusCode);
        var admin = await factory.ClientForAsync(Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(TelemetrySetup.MetricsPath)).StatusCode);
    }

    [Fact]
    public async Task Metrics_WithTokenAfterAnAction_PrometheusTextHoldsTheProductsSeries()
    {
        using var factory = WithMetrics();
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Metrics Unit"));
        await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        var stale = await FireAsync(mrc, claim, "add-note", new { text = "late" }, expectedVersion: 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var (status, text) = await ScrapeAsync(factory, ScrapeToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("ccr_actions_fired_total\\{[^}]*action=\"refer\",outcome=\"done\"\\} [1-9]", text);
        Assert.Matches("ccr_actions_fired_total\\{[^}]*action=\"add-note\",outcome=\"stale\"\\} [1-9]", text);
        Assert.Matches("ccr_claims_by_stage\\{[^}]*definition=\"article-21-4-recognition\",stage=\"referral\",status=\"open\"\\} [1-9]", text);
        Assert.Contains("ccr_reminders_overdue", text, StringComparison.Ordinal);
        Assert.Matches("ccr_documents_text_backlog(\\{[^}]*\\})? [0-9]", text);
        Assert.Contains("ccr_db_command_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_ActionRequest_CarriesItsDatabaseCommandsAndTheReminderSendJoinsIt()
    {
        var spans = new Spans();
        var logs = new ScopeCapture();
        using var factory = new AppFactory
        {
            Settings = { ["OpenTelemetry:Enabled"] = "true" },
            TestServices = services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                services.AddSingleton<ILoggerProvider>(logs);
            },
        };
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Traced Unit"));
        await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });

        // Activity listeners are process-wide: other test hosts running at the same time add their requests, so this claim's is picked by its path.
        // The server span ends after the response has gone, so the client can read the answer before it is exported.
        var request = await spans.SingleAsync(s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/claims/{id:guid}/actions/{actionId}"
            && s.TagObjects.Any(t => t.Value is string value && value.Contains(Id(claim), StringComparison.OrdinalIgnoreCase)));
        var trace = request.TraceId;
        var commands = spans.Snapshot().Where(s => s.TraceId == trace && s.Kind == ActivityKind.Client && s.Source.Name == AppTelemetry.Name).ToList();
        Assert.Contains(commands, s => s.DisplayName == "UPDATE" && s.GetTagItem("db.query.text") is string sql && sql.Contains("\"Claims\"", StringComparison.Ordinal));
        Assert.All(commands, s => Assert.Equal(request.SpanId, s.ParentSpanId));
        bool Logged() => logs.Lines.Any(line => line.Message.Contains("/actions/refer responded 200", StringComparison.Ordinal) && line.TraceId == trace.ToString());
        for (var attempt = 0; attempt < 50 && !Logged(); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.True(Logged(), "The request's log line carries its trace id.");

        // The refer wrote the representative's notice; its send job, run later by whoever claims it, continues that trace.
        var due = await ReminderSupport.ClaimDueAsync(factory);
        Assert.NotEmpty(due);
        foreach (var reminder in due)
        {
            Assert.Equal(SendReminderJob.Outcome.Sent, await ReminderSupport.SendAsync(factory, reminder));
        }

        var send = Assert.Single(spans.Snapshot(), s => s.OperationName == "reminder.send" && s.TraceId == trace);
        Assert.Equal(AppTelemetry.Name, send.Source.Name);
        Assert.Contains(spans.Snapshot(), s => s.TraceId == trace && s.ParentSpanId == send.SpanId && s.Kind == ActivityKind.Client);
    }

    [Fact]
    public async Task PacketBuild_InBackground_RecordsItsDurationAndSpan()
    {
        var spans = new Spans();
        using var factory = WithMetrics();
        using var traced = new AppFactory { Settings = { ["OpenTelemetry:Enabled"] = "true" }, TestServices = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)) };
        foreach (var app in new[] { factory, traced })
        {
            var mrc = await app.ClientForAsync(Mrc);
            var rep = await app.ClientForAsync(Rep1);
            var claim = await OpenAsync(mrc, NewClaim("Packet Timing Unit"));
            claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await app.UserIdAsync(Rep1) });
            await FireOkAsync(rep, claim, "accept");
            var started = await rep.PostAsync($"/api/claims/{Id(claim)}/packet/builds", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var deadline = Stopwatch.StartNew();
            string? state;
            do
            {
                await Task.Delay(200);
                state = (await GetAsync(rep, started.Headers.Location!.OriginalString)).GetProperty("status").GetString();
            }
            while (state is "queued" or "running" && deadline.Elapsed < TimeSpan.FromSeconds(60));

            Assert.Equal("done", state);
        }

        var (_, text) = await ScrapeAsync(factory, ScrapeToken);
        Assert.Matches("ccr_packets_build_duration_seconds_count\\{[^}]*outcome=\"built\"\\} [1-9]", text);
        Assert.Contains(spans.Snapshot(), s => s.OperationName == "packet.build" && s.Source.Name == AppTelemetry.Name && s.GetTagItem("ccr.packet.pages") is int pages && pages > 0);
    }

    [Fact]
    public async Task Otlp_EndpointSet_ExportsTracesAndMetricsOverHttpProtobuf()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Length)>();
        var listening = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.Length));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        var factory = new AppFactory { Settings = { ["OpenTelemetry:Endpoint"] = $"http://127.0.0.1:{port}", ["OpenTelemetry:ExportIntervalSeconds"] = "1" } };
        var mrc = await factory.ClientForAsync(Mrc);
        await OpenAsync(mrc, NewClaim("Exported Unit"));
        factory.Dispose();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30) && !(received.Any(r => r.Path == "/v1/traces") && received.Any(r => r.Path == "/v1/metrics")))
        {
            await Task.Delay(100);
        }

        collector.Stop();
        await listening;
        Assert.Contains(received, r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.ContentType == "application/x-protobuf" && r.Length > 0);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The in-memory exporter adds from whichever thread ends an activity.
    private sealed class Spans : System.Collections.ObjectModel.Collection<Activity>
    {
        private readonly Lock gate = new();

        protected override void InsertItem(int index, Activity item)
        {
            lock (gate)
            {
                base.InsertItem(Count, item);
            }
        }

        public async Task<Activity> SingleAsync(Func<Activity, bool> match)
        {
            for (var attempt = 0; attempt < 50 && !Snapshot().Any(match); attempt++)
            {
                await Task.Delay(100);
            }

            var found = Snapshot().FindAll(span => match(span));
            Assert.Single(found);
            return found[0];
        }

        public List<Activity> Snapshot()
        {
            lock (gate)
            {
                return [.. this];
            }
        }
    }

    // Each log line of the request category with the TraceId its scopes carried.
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Message, string? TraceId)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => category == Infrastructure.RequestLog.Category;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                string? traceId = null;
                owner.scopes.ForEachScope((scope, _) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "TraceId").Value is { } id)
                    {
                        traceId = id.ToString();
                    }
                }, (object?)null);
                owner.Lines.Enqueue((formatter(state, exception), traceId));
            }
        }
    }
}
