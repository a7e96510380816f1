using System.Data.Common;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Startup;

// Start-up's "is there anything to do?" reads, in plain SQL: EF's first LINQ query compiles its whole query pipeline
// (a quarter of a second on two cores), and on a usual start every one of these answers "nothing".
public static class StartupSql
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string[]> CodeMigrations = new();

    public static async Task<List<T>> ReadAsync<T>(AppDbContext db, string sql, Func<DbDataReader, T> row, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var rows = new List<T>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(row(reader));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return rows;
    }

    // Migrations the code has and the history table lacks; every one when the table is not there yet. EF's own
    // GetPendingMigrationsAsync builds a model of the history table first, which costs a start a fifth of a second.
    public static async Task<List<string>> PendingMigrationsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        List<string> applied;
        try
        {
            applied = await ReadAsync(db, """SELECT "MigrationId" FROM "__EFMigrationsHistory" """, r => r.GetString(0), cancellationToken);
        }
        catch (DbException)
        {
            applied = [];
        }

        var known = applied.ToHashSet(StringComparer.Ordinal);
        // EF finds them by scanning the assembly's types, for every context: once a process is enough.
        var migrations = CodeMigrations.GetOrAdd(db.GetType(), _ => [.. db.Database.GetMigrations()]);
        return [.. migrations.Where(id => !known.Contains(id))];
    }
}
