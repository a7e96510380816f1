using System.Net;
using System.Net.Http.Json;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class SecurityTests
{
    [Fact]
    public async Task Responses_Always_CarrySecurityHeaders()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        foreach (var url in new[] { "/", "/health/live", "/api/claims" })
        {
            var response = await client.GetAsync(url);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("'unsafe-inline' ;", csp.Split("script-src")[1].Split(';')[0] + " ;", StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    // Member names and evidence must not stay in a browser's or proxy's cache after the page is left.
    [Fact]
    public async Task PersonalDataResponses_ClaimCsvDocumentAndPages_AreNoStoreButStaticFilesAreNot()
    {
        using var factory = new AppFactory();
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim("No Store Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        var upload = await DocumentSupport.UploadAsync(rep, Id(claim), DocumentSupport.Pdf(), "duty.pdf");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var documentId = (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        var ccwg = await PageForms.SignedInClientAsync(factory, Ccwg);

        foreach (var (client, url) in new[]
        {
            (rep, $"/api/claims/{Id(claim)}"),
            (rep, $"/api/claims/{Id(claim)}/documents/{documentId}/content"),
            (rep, "/api/claims"),
            (ccwg, "/dashboard?handler=Csv"),
            (ccwg, $"/claims/{Id(claim)}"),
            (ccwg, "/claims"),
        })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url}: Cache-Control {response.Headers.CacheControl}");
        }

        var css = await ccwg.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Null(css.Headers.CacheControl);
    }

    // TestServer never adds a Server header, so only a real Kestrel process shows whether the app names its server.
    [Fact]
    public async Task Responses_OnKestrel_CarryNoServerHeader()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-server-header-").FullName;
        try
        {
            await using var app = await AppProcess.StartAsync(folder, new Dictionary<string, string>(), "--demo");
            using var client = new HttpClient { BaseAddress = app.Address };
            foreach (var url in new[] { "/Account/Login", "/api/claims", "/css/site.css", "/health/live", "/no-such-page" })
            {
                var response = await client.GetAsync(url);
                Assert.False(response.Headers.Contains("Server"), $"{url}: Server {string.Join(", ", response.Headers.TryGetValues("Server", out var server) ? server : [])}");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Login_TooManyAttempts_Returns429WithRetryAfter()
    {
        using var factory = new AppFactory();
        factory.Settings["RateLimits:SignInPerMinute"] = "3";
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { email = Mrc, password = "wrong-password-1!" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { email = Mrc, password = AppFactory.Password });
        await ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task LoginPage_TooManyPosts_Returns429PageWithRetryAfterButStillShowsTheForm()
    {
        using var factory = new AppFactory();
        factory.Settings["RateLimits:SignInPerMinute"] = "2";
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            var form = await client.GetStringAsync("/Account/Login");
            var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            last = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
                ["Email"] = "nobody@example.org",
                ["Password"] = "wrong-password-1!",
            }));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("text/html", last!.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many attempts", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccount()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = Rep2, password = "wrong-password-1!" })).StatusCode);
        }

        var right = await client.PostAsJsonAsync("/api/auth/login", new { email = Rep2, password = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.True(await factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == Rep2).LockoutEnd > DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task Login_LockedUnknownOrWrongPassword_AnswerTheSameStatusAndBody()
    {
        using var factory = new AppFactory();
        using var client = factory.CreateClient();
        async Task<(HttpStatusCode, string)> AttemptAsync(string email, string password)
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            body.Remove("traceId");
            return (response.StatusCode, body.ToJsonString());
        }

        var wrong = await AttemptAsync(Rep2, "wrong-password-1!");
        var unknown = await AttemptAsync("nobody.here@example.org", "wrong-password-1!");
        for (var i = 0; i < 5; i++)
        {
            await AttemptAsync(Ccwg, "wrong-password-1!");
        }

        var locked = await AttemptAsync(Ccwg, AppFactory.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Item1);
        Assert.Equal(wrong, unknown);
        Assert.Equal(wrong, locked);
        Assert.DoesNotContain("LockedOut", locked.Item2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_TwentyFailuresForUnknownAccountsFromOneAddress_CorrectSignInToAnotherAccountSucceeds()
    {
        using var factory = new AppFactory();
        // The shipped defaults, not the suites' raised ones.
        factory.Settings["RateLimits:SignInPerMinute"] = "10";
        factory.Settings["RateLimits:SignInFailuresPerAddressPerMinute"] = "50";
        factory.Settings["RateLimits:SignInRequestsPerAddressPerMinute"] = "120";
        using var client = factory.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/auth/login", new { email = $"unknown{i}@example.org", password = "wrong-password-1!" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var right = await client.PostAsJsonAsync("/api/auth/login", new { email = Rep1, password = AppFactory.Password });

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        for (var i = 0; i < 10; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = "target@example.org", password = "wrong-password-1!" });
        }

        // The per-account limit still holds at its default.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/login", new { email = "target@example.org", password = "wrong-password-1!" })).StatusCode);
    }

    [Fact]
    public async Task MemberLinkGuesses_ForwardedByConfiguredProxy_LimitEachClientApart()
    {
        using var factory = new AppFactory { TestServices = services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new PeerAddress("10.0.0.5")) };
        factory.Settings["ForwardedHeaders:KnownProxies"] = "10.0.0.5";
        factory.Settings["RateLimits:MemberLinkPerMinute"] = "3";
        using var client = factory.CreateClient();
        async Task<HttpStatusCode> GuessAsync(string clientAddress, string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/member/{token}");
            request.Headers.Add("X-Forwarded-For", clientAddress);
            return (await client.SendAsync(request)).StatusCode;
        }

        var a = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            a.Add(await GuessAsync("203.0.113.7", $"Aaaa{i}GuessedTokenForClientA0123456789abcdefg"));
        }

        var b = await GuessAsync("198.51.100.9", "BbbbGuessedTokenForClientB0123456789abcdefgh");

        Assert.Equal(HttpStatusCode.TooManyRequests, a[3]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, a.Take(3));
        Assert.Equal(HttpStatusCode.NotFound, b);
    }

    [Fact]
    public async Task MemberLinkGuesses_SameTokenPrefixFromManyAddresses_AreLimited()
    {
        using var factory = new AppFactory { TestServices = services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new PeerAddress("10.0.0.5")) };
        factory.Settings["ForwardedHeaders:KnownProxies"] = "10.0.0.5";
        factory.Settings["RateLimits:MemberLinkPerMinute"] = "3";
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/member/Pref{i}GuessedToken0123456789abcdefghijklmnopq");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Hsts_OutsideDevelopment_SentOverHttpsOnly()
    {
        using var factory = new AppFactory();
        factory.Settings["environment"] = "Production";
        using var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://ccr.example.org") });
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://ccr.example.org") });

        var secure = await https.GetAsync("/health/live");
        var plain = await http.GetAsync("/health/live");

        Assert.Contains("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    // TestServer has no peer address; this one plays the reverse proxy in front of the app.
    private sealed class PeerAddress(string address) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                await nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Logs_DuringClaimWork_HoldNoMemberEmailOrPhone()
    {
        var sink = new CapturingLoggerProvider();
        using var factory = new AppFactory();
        using var logged = factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
            builder.ConfigureLogging(logging => logging.AddProvider(sink));
        });
        using var anonymous = logged.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = Mrc, password = AppFactory.Password });
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        using var mrc = logged.CreateClient();
        mrc.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var claim = await OpenAsync(mrc, new
        {
            member = new { name = "Logan Private", email = "logan.private@example.org", phone = "916-555-8642" },
            department = "DMV",
            workUnit = "Log Unit",
            bargainingUnit = "4",
            classification = "MVR",
            phoneSystems = new[] { "acd" },
            description = "Secret description text 7731.",
        });
        claim = await FireOkAsync(mrc, claim, "add-note", new { text = "note" });
        var corrected = await mrc.PatchAsJsonAsync($"/api/claims/{Id(claim)}", new { expectedVersion = Version(claim), member = new { email = "logan.fixed@example.org", phone = "916-555-1357" } });
        Assert.Equal(System.Net.HttpStatusCode.OK, corrected.StatusCode);
        await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        await mrc.PostAsJsonAsync("/api/claims", new { member = new { name = "x", email = "bad.log@example.org", phone = "916-555-9753" } });

        var all = sink.Text;
        Assert.Contains("Executed DbCommand", all, StringComparison.Ordinal);
        foreach (var secret in new[] { "logan.private@example.org", "916-555-8642", "916-555-9753", "bad.log@example.org", "Secret description text 7731", "logan.fixed@example.org", "916-555-1357" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

        public string Text => string.Join('\n', lines);

        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue("scope: " + state);
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
