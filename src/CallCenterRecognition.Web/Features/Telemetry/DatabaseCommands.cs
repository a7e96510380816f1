using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CallCenterRecognition.Web.Features.Telemetry;

// Each command EF Core runs: its time in ccr.db.command.duration (EF's own meter counts commands, not their time) and, inside
// a trace, a client span. The span comes from this interceptor rather than OpenTelemetry's EF instrumentation, which
// subscribes to every EF diagnostic event (tracking, query compilation, …) and made each action a quarter slower; this
// touches only commands, and only when someone listens. Commands outside any trace (background polling) get no span.
public sealed class DatabaseCommands : DbCommandInterceptor
{
    public static readonly DatabaseCommands Instance = new();

    private static readonly KeyValuePair<string, object?> Query = new("kind", "query");
    private static readonly KeyValuePair<string, object?> NonQuery = new("kind", "non-query");
    private static readonly KeyValuePair<string, object?> Scalar = new("kind", "scalar");
    private static readonly ConcurrentDictionary<Guid, Activity> Running = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Started(command, eventData, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Started(command, eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Started(command, eventData, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Started(command, eventData, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Started(command, eventData, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Started(command, eventData, result));

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        Record(eventData, Query, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(eventData, Query, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Record(eventData, NonQuery, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(eventData, NonQuery, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Record(eventData, Scalar, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(eventData, Scalar, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Fail(eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Fail(eventData);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Stop(eventData.CommandId);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId);
        return Task.CompletedTask;
    }

    private static T Started<T>(DbCommand command, CommandEventData eventData, T result)
    {
        if (Activity.Current is null || !AppTelemetry.Source.HasListeners())
        {
            return result;
        }

        var activity = AppTelemetry.Source.StartActivity(Operation(command.CommandText), ActivityKind.Client);
        if (activity is null)
        {
            return result;
        }

        if (activity.IsAllDataRequested)
        {
            // EF's SQL carries parameters, never values, so the text names no member.
            activity.SetTag("db.system.name", command.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal) ? "postgresql" : "sqlite");
            activity.SetTag("db.query.text", command.CommandText);
        }

        Running[eventData.CommandId] = activity;
        return result;
    }

    private static T Record<T>(CommandExecutedEventData eventData, KeyValuePair<string, object?> kind, T result)
    {
        if (AppTelemetry.DatabaseCommandDuration.Enabled)
        {
            AppTelemetry.DatabaseCommandDuration.Record(eventData.Duration.TotalSeconds, kind);
        }

        Stop(eventData.CommandId);
        return result;
    }

    private static void Fail(CommandErrorEventData eventData)
    {
        if (Running.TryRemove(eventData.CommandId, out var activity))
        {
            activity.SetStatus(ActivityStatusCode.Error, eventData.Exception.GetType().Name);
            activity.Stop();
        }
    }

    private static void Stop(Guid commandId)
    {
        if (Running.TryRemove(commandId, out var activity))
        {
            activity.Stop();
        }
    }

    // The span's name is the statement's first keyword (SELECT, INSERT, SAVEPOINT, …), from a fixed list so no SQL text becomes a name.
    private static string Operation(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        foreach (var keyword in Keywords)
        {
            if (text.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return keyword;
            }
        }

        return "SQL";
    }

    private static readonly string[] Keywords = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "PRAGMA", "CREATE", "DROP", "ALTER"];
}
