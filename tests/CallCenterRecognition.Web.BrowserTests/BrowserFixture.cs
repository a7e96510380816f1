using CallCenterRecognition.Tests.Shared;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenterRecognition.Web.BrowserTests;

// The app started as the README starts it (a real `dotnet run` from a copy of the repository root, demo data, data/ under
// that folder), and the app's own services in this process over the same SQLite file for what a test sets up or checks.
public sealed class BrowserApp : IAsyncDisposable
{
    private readonly ReadmeRun run;
    private readonly WebApplication services;

    private BrowserApp(ReadmeRun run, WebApplication services)
    {
        this.run = run;
        this.services = services;
    }

    public string BaseUrl => run.BaseUrl;

    public string Output => run.Output;

    public string OutboxPath => run.OutboxPath;

    public static async Task<BrowserApp> StartAsync()
    {
        // Every test user signs in from the same loopback address; the limits themselves are tested in Web.Tests.
        var run = await ReadmeRun.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:SignInPerMinute"] = "1000",
            ["RateLimits:MemberLinkPerMinute"] = "1000",
            ["RateLimits:UploadsPerMinute"] = "1000",
            // The journeys assert on the four sample claims; the sixty-claim demo office has its own tests (DemoSeedTests).
            ["DemoOffice"] = "false",
        });
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ContentRootPath = Path.Combine(run.Root, ReadmeRun.ProjectPath),
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
            });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sqlite"] = $"Data Source={run.DatabasePath}",
                ["Hangfire:Server"] = "false",
                ["Workflows:Path"] = Path.Combine(run.Root, "workflows"),
                ["Calendar:Path"] = Path.Combine(run.Root, "calendars", "california.json"),
                ["Documents:Root"] = Path.Combine(run.Root, "data", "documents"),
                ["Email:OutboxPath"] = run.OutboxPath,
            });
            builder.AddCallCenterRecognition();
            return new BrowserApp(run, builder.Build());
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = services.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await run.DisposeAsync();
    }
}

// One app and one Chromium for every browser test.
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string Password = "Demo-pass-2026!";

    private IPlaywright? playwright;

    public BrowserApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // Never skipped: without Debian's chromium the browser tests fail, under CI and on a workstation alike.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with `apt-get install -y chromium` (.ci/run does). Playwright must not download a browser.");
        }

        Directory.CreateDirectory(Screenshots);
        App = await BrowserApp.StartAsync();
        BaseUrl = App.BaseUrl;
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    public async Task<Session> NewSessionAsync(string name, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return new Session(this, context, await context.NewPageAsync(), name);
    }

    public Task<string> UserIdAsync(string email) =>
        App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
