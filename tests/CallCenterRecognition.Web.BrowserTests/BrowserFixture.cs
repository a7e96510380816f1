using System.Net;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenterRecognition.Web.BrowserTests;

// The real app on Kestrel over real HTTP (127.0.0.1, a free port) and a real SQLite file, with the demo accounts and claims.
public sealed class BrowserAppFactory : WebApplicationFactory<Program>
{
    public BrowserAppFactory()
    {
        Folder = Directory.CreateTempSubdirectory("ccr-browser-").FullName;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string Folder { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(Folder, "ccr.db")}");
        builder.UseSetting("Demo", "true");
        // The journeys count on the four sample claims alone.
        builder.UseSetting("DemoOffice", "false");
        // Every test user signs in from the same loopback address; the limits themselves are tested in Web.Tests.
        builder.UseSetting("RateLimits:SignInPerMinute", "1000");
        builder.UseSetting("RateLimits:MemberLinkPerMinute", "1000");
        builder.UseSetting("RateLimits:UploadsPerMinute", "1000");
        builder.UseSetting("Documents:Root", Path.Combine(Folder, "documents"));
        builder.UseSetting("Email:OutboxPath", Path.Combine(Folder, "outbox"));
    }

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalizing connection; the OS cleans temp folders.
        }
    }
}

// One app and one Chromium for every browser test.
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string Password = "Demo-pass-2026!";

    private IPlaywright? playwright;

    public BrowserAppFactory App { get; } = new();

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
        App.StartServer();
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
        await App.DisposeAsync();
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
