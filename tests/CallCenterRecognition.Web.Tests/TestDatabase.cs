using System.Diagnostics;
using Npgsql;

namespace CallCenterRecognition.Web.Tests;

// Which database the integration suite runs on: SQLite by default, PostgreSQL when CCR_TEST_PROVIDER=Postgres.
public static class TestDatabase
{
    private static readonly Lazy<string> Admin = new(StartPostgres, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable("CCR_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    // The server scripts/postgres.sh starts (or CCR_TEST_POSTGRES names); a test needing it fails when it cannot be had.
    public static string PostgresAdminConnectionString => Admin.Value;

    public static string CreatePostgresDatabase()
    {
        var name = "ccr_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(PostgresAdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    public static void DropPostgresDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgresAdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static string StartPostgres()
    {
        if (Environment.GetEnvironmentVariable("CCR_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }

        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL could not be started by {script}: {errors}");
        }

        return output.Trim().Split('\n')[^1];
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallCenterRecognition.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CallCenterRecognition.sln) was not found above " + AppContext.BaseDirectory);
    }
}
