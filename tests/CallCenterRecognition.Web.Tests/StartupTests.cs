using System.Diagnostics;
using System.Net.Http.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Accounts;
using CallCenterRecognition.Web.Features.Startup;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterRecognition.Web.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_DataProtectionKeyRingLoader_WaitsForTheFirstRequest()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();

        // Matched by name: a renamed type would silently load the key ring at start again.
        Assert.NotNull(typeof(Microsoft.AspNetCore.DataProtection.DataProtectionOptions).Assembly.GetType(DeferredHostedService.DataProtectionKeyRingLoader));
        var hosted = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList();
        Assert.DoesNotContain(hosted, service => service.GetType().FullName == DeferredHostedService.DataProtectionKeyRingLoader);
        Assert.Contains(hosted, service => service is DeferredHostedService { Name: "data protection key ring loaded" });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Start_BadWorkflowDefinition_ExitsWithFileAndPathInMessage()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-bad-definition-").FullName;
        try
        {
            var workflows = Path.Combine(folder, "workflows");
            Directory.CreateDirectory(workflows);
            var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "article-21-4-recognition.json"))
                .Replace("\"to\": \"document-collection\"", "\"to\": \"documents\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(workflows, "broken.json"), json);

            var (exitCode, stdout, stderr) = await RunToExitAsync(folder, [], ("Workflows__Path", workflows));

            Assert.Equal(1, exitCode);
            Assert.Contains("broken.json: $.actions[1].to: unknown target stage 'documents'", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "data", "ccr.db")), "nothing should be created when the definitions are bad: " + stdout);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_WebRootMissing_ExitsWithAMessageBeforeServing()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-no-webroot-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await RunToExitAsync(folder, ["--contentRoot", folder]);

            Assert.Equal(1, exitCode);
            Assert.Contains("The web root was not found", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_AppStartedFromAnUnrelatedFolder_FindsItsOwnFilesAndKeepsDataInThatFolder()
    {
        // The way a published app is started: its binaries in one place, the working directory anywhere.
        var folder = Directory.CreateTempSubdirectory("ccr-elsewhere-").FullName;
        try
        {
            await using var app = await AppProcess.StartAsync(folder, new Dictionary<string, string>(), "--demo");
            using var client = new HttpClient { BaseAddress = app.Address };

            var css = await client.GetAsync("/css/site.css");
            Assert.Equal(System.Net.HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/js/uploads.js")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/favicon.svg")).StatusCode);
            Assert.True(File.Exists(Path.Combine(folder, "data", "ccr.db")));
            Assert.Contains("Content root path: " + AppContext.BaseDirectory, app.Output, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_AfterAFirstStartKilledMidMigration_RemovesTheLeftoverLockAndStarts()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-migration-lock-").FullName;
        try
        {
            // What a first start killed while migrating leaves: EF's lock row, no tables yet.
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "data", "ccr.db")}"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = """
                    CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                    INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-12-01 20:50:30.0900403+00:00');
                    """;
                await create.ExecuteNonQueryAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var app = await AppProcess.StartAsync(folder, new Dictionary<string, string>(), "--demo");

            Assert.Contains("A database migration lock left by an interrupted start was removed.", app.Output, StringComparison.Ordinal);
            using var client = await app.ClientForAsync("mrc@demo.local");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/claims")).StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_WithoutDemo_CreatesOneAdministratorAndNoDemoAccounts()
    {
        using var factory = new AppFactory { Demo = false };
        factory.Settings["Bootstrap:AdminEmail"] = "first-admin@example.org";
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        var admin = Assert.Single(admins);
        Assert.Equal("first-admin@example.org", admin.Email);
        Assert.True(admin.MustChangePassword);
        Assert.Null(await users.FindByEmailAsync("mrc@demo.local"));
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Claims.ToListAsync());

        var console = new StringWriter();
        await Seeding.EnsureAdministratorAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IConfiguration>(), console);
        Assert.Equal(string.Empty, console.ToString());
    }

    [Fact]
    public async Task EnsureAdministrator_FirstRun_PrintsAWorkingPasswordOnce()
    {
        using var factory = new AppFactory { Demo = true };
        _ = factory.CreateClient();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var demoAdmin = await users.FindByEmailAsync("admin@demo.local");
            await users.RemoveFromRoleAsync(demoAdmin!, Roles.Admin);
            var console = new StringWriter();
            await Seeding.EnsureAdministratorAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IConfiguration>(), console);
            var printed = console.ToString();
            var password = printed.Split("one-time password: ", 2)[1].Split(Environment.NewLine)[0].Trim();
            Assert.True(password.Length >= 12);

            using var anonymous = factory.CreateClient();
            var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = "admin@localhost", password });
            Assert.True(login.IsSuccessStatusCode);

            var again = new StringWriter();
            await Seeding.EnsureAdministratorAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IConfiguration>(), again);
            Assert.Equal(string.Empty, again.ToString());
        }
    }

    [Fact]
    public async Task Restart_AfterARoleOrTheLastAdministratorWasRemoved_SeedsThemAgain()
    {
        using var factory = new AppFactory { Demo = false };
        _ = factory.CreateClient();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.True(await Seeding.RolesAndAdministratorPresentAsync(db));

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = Assert.Single(await users.GetUsersInRoleAsync(Roles.Admin));
            await users.RemoveFromRoleAsync(admin, Roles.Admin);
            Assert.False(await Seeding.RolesAndAdministratorPresentAsync(db));
            await users.AddToRoleAsync(admin, Roles.Admin);
            Assert.True(await Seeding.RolesAndAdministratorPresentAsync(db));

            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            await roles.DeleteAsync((await roles.FindByNameAsync(Roles.Ccwg))!);
            Assert.False(await Seeding.RolesAndAdministratorPresentAsync(db));
        }

        using var restarted = factory.PostgresConnectionString is { } postgres ? AppFactory.OnPostgres(postgres) : new AppFactory(factory.Folder) { Demo = false };
        _ = restarted.CreateClient();
        await using var after = restarted.Services.CreateAsyncScope();
        Assert.True(await after.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().RoleExistsAsync(Roles.Ccwg));
        Assert.True(await Seeding.RolesAndAdministratorPresentAsync(after.ServiceProvider.GetRequiredService<AppDbContext>()));
    }

    // The built app as a process that is expected to stop by itself (a start-up refusal).
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string workingDirectory, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CallCenterRecognition.Web.dll"), "--urls", "http://127.0.0.1:0", .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
