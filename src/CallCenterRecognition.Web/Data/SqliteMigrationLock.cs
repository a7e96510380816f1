using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// EF Core takes a row in __EFMigrationsLock while it migrates and waits, silently and for ever, while that row exists.
// A start stopped mid-migration (Ctrl+C, a kill, a power cut) leaves the row behind, and every later start hangs.
// A SQLite file belongs to one app instance, so a row found before this instance migrates was left by a start that died.
public static class SqliteMigrationLock
{
    public const string Table = "__EFMigrationsLock";

    public static async Task<bool> ClearLeftoverAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{Table}'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }

            await using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM \"{Table}\"";
            return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}
