using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallCenterRecognition.Web.Features.Telemetry;

// The product's own meter and activity source. Instruments cost next to nothing while nobody listens (OpenTelemetry off).
public static class AppTelemetry
{
    public const string Name = "CallCenterRecognition";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ActionsFired = Meter.CreateCounter<long>(
        "ccr.actions.fired", "{action}", "Workflow actions fired, by action and outcome (done, stale, invalid, forbidden, ...).");

    public static readonly Counter<long> RemindersSent = Meter.CreateCounter<long>("ccr.reminders.sent", "{reminder}", "Reminders and notices delivered.");

    public static readonly Counter<long> RemindersFailed = Meter.CreateCounter<long>(
        "ccr.reminders.failed", "{reminder}", "Reminder deliveries that failed (tag final: true when the attempts are spent).");

    public static readonly Histogram<double> PacketBuildDuration = Meter.CreateHistogram<double>(
        "ccr.packets.build.duration", "s", "Time to build a claim's grievance packet, by outcome.");

    public static readonly Counter<long> MigratedClaims = Meter.CreateCounter<long>(
        "ccr.workflow_migration.claims", "{claim}", "Claims a workflow migration handled, by outcome (migrated, blocked).");

    public static readonly Histogram<double> DatabaseCommandDuration = Meter.CreateHistogram<double>(
        "ccr.db.command.duration", "s", "Time the database took for each command EF Core ran, by kind (query, non-query, scalar).");

    // The W3C traceparent of the current activity, stored with work done later so it joins the trace that asked for it.
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    // An activity continuing the trace named by a stored traceparent (a new root when none or unreadable).
    public static Activity? StartLinked(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
