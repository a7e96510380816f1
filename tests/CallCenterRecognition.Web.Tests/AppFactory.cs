using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Startup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCenterRecognition.Web.Tests;

// The real app over a real SQLite file in a temp folder, seeded with the demo accounts.
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "Demo-pass-2026!";

    private readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);
    private readonly bool ownsPostgresDatabase;

    public AppFactory()
        : this(TestDatabase.UsePostgres ? TestDatabase.CreatePostgresDatabase() : null, ownsDatabase: true)
    {
    }

    // A Postgres connection string makes the app run on that database; null means a fresh SQLite file.
    private AppFactory(string? postgresConnectionString, bool ownsDatabase)
    {
        Folder = Directory.CreateTempSubdirectory("ccr-tests-").FullName;
        PostgresConnectionString = postgresConnectionString;
        // Suites sign in many accounts from one address; the rate-limit tests set their own limits.
        Settings["RateLimits:SignInPerMinute"] = "10000";
        Settings["RateLimits:SignInFailuresPerAddressPerMinute"] = "10000";
        Settings["RateLimits:SignInRequestsPerAddressPerMinute"] = "10000";
        Settings["RateLimits:MemberLinkPerMinute"] = "10000";
        Settings["RateLimits:UploadsPerMinute"] = "10000";
        // The four sample claims only: the demo office's history would slow every suite and move the counts they assert.
        Settings["DemoOffice"] = "false";

        // TestServer listens on no address, so links would fall back to http://localhost; tests read links against one base.
        Settings["App:PublicBaseUrl"] = "http://localhost:5000";
        ownsPostgresDatabase = ownsDatabase && postgresConnectionString is not null;
    }

    public string? PostgresConnectionString { get; }

    // Another app instance over a database someone else created and drops.
    public static AppFactory OnPostgres(string connectionString, TimeProvider? clock = null) => new(connectionString, ownsDatabase: false) { Clock = clock };

    // A second app over the same folder and SQLite file (a restart); the folder stays for its first owner to delete.
    internal AppFactory(string folder)
    {
        Folder = folder;
        ownsFolder = false;
        Settings["RateLimits:SignInPerMinute"] = "10000";
        Settings["RateLimits:SignInFailuresPerAddressPerMinute"] = "10000";
        Settings["RateLimits:SignInRequestsPerAddressPerMinute"] = "10000";
        Settings["RateLimits:MemberLinkPerMinute"] = "10000";
        Settings["RateLimits:UploadsPerMinute"] = "10000";
        Settings["DemoOffice"] = "false";
        Settings["App:PublicBaseUrl"] = "http://localhost:5000";
    }

    private readonly bool ownsFolder = true;

    // Replaces TimeProvider.System when set.
    public TimeProvider? Clock { get; init; }

    public Action<IServiceCollection>? TestServices { get; init; }

    // Every /api answer of this app, checked against docs/openapi/v1.json when the factory is disposed.
    public ApiTraffic Traffic { get; } = new();

    // Off only for a suite that answers outside the contract on purpose.
    public bool CheckContract { get; init; } = true;

    public ApiContract? Contract { get; init; }

    public string OutboxPath => Path.Combine(Folder, "outbox");

    public string DocumentsRoot => Path.Combine(Folder, "documents");

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "ccr.db");

    public Dictionary<string, string?> Settings { get; } = new();

    public bool Demo { get; init; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (PostgresConnectionString is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            // The shared deployment refuses to keep its key ring unencrypted in the database.
            builder.UseSetting("DataProtection:CertificatePath", TestCertificate.Path);
            builder.UseSetting("DataProtection:CertificatePassword", TestCertificate.Password);
            builder.UseSetting("ConnectionStrings:Postgres", PostgresConnectionString);
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DatabasePath}");
        }

        builder.UseSetting("Demo", Demo ? "true" : "false");
        builder.UseSetting("Hangfire:Server", "false");
        // Dozens of hosts share two cores in a test run; PacketWarmUpTests turns it on.
        builder.UseSetting("Startup:PacketWarmUp", "false");
        builder.UseSetting("Email:OutboxPath", OutboxPath);
        builder.UseSetting("Documents:Root", DocumentsRoot);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (Clock is not null)
            {
                services.AddSingleton<TimeProvider>(Clock);
            }

            services.AddSingleton(Traffic.StartupFilter());
            TestServices?.Invoke(services);
        });
    }

    // The app's server starts while its database work still runs; tests that read the database directly need that work done.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        host.Services.GetRequiredService<AppInitialization>().Completion.GetAwaiter().GetResult();
        return host;
    }

    // After the account signed out everywhere, its cached token no longer works.
    public void ForgetToken(string email) => tokens.Remove(email);

    public async Task<HttpClient> ClientForAsync(string email)
    {
        if (!tokens.TryGetValue(email, out var token))
        {
            using var anonymous = CreateClient();
            var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            tokens[email] = token;
        }

        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task<string> UserIdAsync(string email) =>
        WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (ownsPostgresDatabase)
        {
            TestDatabase.DropPostgresDatabase(PostgresConnectionString!);
        }

        if (ownsFolder)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finalizing connection; the temp folder is cleaned by the OS.
            }
        }

        if (disposing)
        {
            CheckTrafficAgainstContract();
        }
    }

    private void CheckTrafficAgainstContract()
    {
        if (!CheckContract)
        {
            return;
        }

        var violations = Traffic.Exchanges.Select((Contract ?? ApiContract.CheckedIn).Violation).OfType<string>().Distinct().ToList();
        if (violations.Count > 0)
        {
            throw new InvalidOperationException(
                $"The app answered {violations.Count} way(s) its OpenAPI document ({ApiContract.CheckedInPath}) does not declare:\n" + string.Join('\n', violations.Take(30)));
        }
    }
}
