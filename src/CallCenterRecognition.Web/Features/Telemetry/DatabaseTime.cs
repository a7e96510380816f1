using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CallCenterRecognition.Web.Features.Telemetry;

// EF Core's own meter counts queries but not their time; this records each command's duration as EF measured it.
public sealed class DatabaseTime : DbCommandInterceptor
{
    public static readonly DatabaseTime Instance = new();

    private static readonly KeyValuePair<string, object?> Query = new("kind", "query");
    private static readonly KeyValuePair<string, object?> NonQuery = new("kind", "non-query");
    private static readonly KeyValuePair<string, object?> Scalar = new("kind", "scalar");

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

    private static T Record<T>(CommandExecutedEventData eventData, KeyValuePair<string, object?> kind, T result)
    {
        if (AppTelemetry.DatabaseCommandDuration.Enabled)
        {
            AppTelemetry.DatabaseCommandDuration.Record(eventData.Duration.TotalSeconds, kind);
        }

        return result;
    }
}
