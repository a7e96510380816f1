using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseSetup
{
    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var text = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(text, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{text}' is not one of Sqlite, Postgres.");
    }

    // AppDbContext is what every feature asks for; the provider subclass decides which migrations apply.
    public static void AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        switch (Provider(configuration))
        {
            case DatabaseProvider.Postgres:
                var postgres = configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is empty.");
                }

                services.AddDbContextPool<AppDbContext, PostgresAppDbContext>(options => options.UseNpgsql(postgres).AddInterceptors(Features.Telemetry.DatabaseCommands.Instance));
                break;
            default:
                var sqlite = SqliteConnectionString(configuration);
                services.AddDbContextPool<AppDbContext, SqliteAppDbContext>(options => options.UseSqlite(sqlite).AddInterceptors(SqliteConnectionSettings.Instance, Features.Telemetry.DatabaseCommands.Instance));
                services.AddHostedService(_ => new SqliteWriterCloser(sqlite));
                break;
        }
    }

    public static string SqliteConnectionString(IConfiguration configuration)
    {
        var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Sqlite") is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(Directory.GetCurrentDirectory(), "data", "ccr.db")}");
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        builder.Pooling = true;
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }
}

// Microsoft.Data.Sqlite answers a locked database by sleeping 150 ms and retrying; SQLite's own busy handler waits in
// steps of a few milliseconds. With one writer at a time that is the difference between 13 ms and 450 ms at p99.
// Set through the C API rather than a PRAGMA: it runs on every open of a pooled connection, so it must cost nothing.
// Temporary files go to memory, once per native handle: a write that fires the counting triggers inside a transaction
// keeps a statement journal, and on disk that was a file created, written and deleted under /var/tmp for every action.
public sealed class SqliteConnectionSettings : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    private const int Milliseconds = 10_000;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> TempStoreSet = [];

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    public static void Apply(System.Data.Common.DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, Milliseconds);
            if (!TempStoreSet.TryGetValue(handle, out _))
            {
                SQLitePCL.raw.sqlite3_exec(handle, "PRAGMA temp_store = MEMORY;");
                TempStoreSet.TryAdd(handle, TempStoreSet);
            }
        }
    }
}

// Closes the group commit's writer connection when the host stops, so a stopped host holds no handle on the file.
public sealed class SqliteWriterCloser(string connectionString) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => SqliteGroupCommit.CloseAsync(connectionString);
}
