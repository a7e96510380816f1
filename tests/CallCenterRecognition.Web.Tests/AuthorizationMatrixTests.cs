using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Walks AccessMatrix.Rules over HTTP as every kind of caller. A request counts as refused when it is answered 401 or 403,
// sent to the sign-in or access-denied page, or (for routes nobody may use, and for member tokens) answered 404 or 410.
public sealed partial class AuthorizationMatrixTests : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    private static readonly Who[] Callers =
        [Who.Anonymous, Who.MemberLink, Who.Mrc, Who.RepresentativeOwn, Who.RepresentativeOther, Who.Ccwg, Who.Admin];

    private readonly Fixture fixture;

    public AuthorizationMatrixTests(Fixture fixture) => this.fixture = fixture;

    public static TheoryData<string, string> Rules()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in AccessMatrix.Rules)
        {
            data.Add(rule.Method, rule.Route);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Rule_EveryKindOfCaller_GetsExactlyWhatTheTableSays(string method, string route)
    {
        var rule = AccessMatrix.Rules.Single(r => r.Method == method && r.Route == route);
        var differences = new List<string>();
        foreach (var caller in Callers)
        {
            var (status, location) = await fixture.SendAsync(rule, caller);
            Assert.True(status < 500, $"{method} {route} as {caller}: {status}");
            var refused = status is 401 or 403
                || (status is 302 or 303 && (location.Contains("/Account/Login?ReturnUrl", StringComparison.OrdinalIgnoreCase) || location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase)))
                || (status is 404 or 410 && (rule.Allowed == Who.Nobody || route.StartsWith("/member", StringComparison.Ordinal) || route.StartsWith("/api/member", StringComparison.Ordinal)));
            var expected = rule.Allowed.HasFlag(caller) && caller != Who.Nobody;
            if (refused == expected)
            {
                differences.Add($"{caller}: table says {(expected ? "allowed" : "refused")}, got {status}{(location.Length > 0 ? " → " + location : string.Empty)}");
            }
        }

        Assert.True(differences.Count == 0, $"{method} {route}:\n" + string.Join('\n', differences));
    }

    [Fact]
    public void Endpoints_EveryMappedEndpoint_IsNamedInTheTable()
    {
        var sources = fixture.App.Services.GetServices<EndpointDataSource>();
        // The query starts at a '?' outside braces: "{documentName?}" is an optional route value, not a query.
        var named = AccessMatrix.Rules.Select(r => (r.Method, Route: Regex.Split(r.Route, @"\?(?![^{]*\})")[0].ToUpperInvariant())).ToHashSet();
        var missing = new List<string>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var raw = endpoint.RoutePattern.RawText ?? string.Empty;
            var route = ("/" + raw.TrimStart('/')).ToUpperInvariant();
            if (route == "/INDEX")
            {
                route = "/";
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            missing.AddRange(methods.Where(m => !named.Contains((m, route))).Select(m => $"{m} {route} ({endpoint.DisplayName})"));
        }

        Assert.True(missing.Count == 0, "Endpoints the access table does not name:\n" + string.Join('\n', missing.Distinct()));
        Assert.True(named.Count > 40, $"the table names only {named.Count} endpoints");
    }

    // The antiforgery column: a cookie without the token changes nothing; the same request with the page's token does what it says.
    // One pass in table order, so creating a feed or member link comes before revoking it.
    [Fact]
    public async Task Writes_CookieWithoutAntiforgeryToken_Return400AndChangeNothing()
    {
        var differences = new List<string>();
        foreach (var rule in AccessMatrix.Rules.Where(r => r.CookieNeedsAntiforgery))
        {
            var caller = new[] { Who.Mrc, Who.RepresentativeOwn, Who.Admin, Who.Ccwg }.First(w => rule.Allowed.HasFlag(w));
            var before = string.Empty;
            var (without, _) = await fixture.SendAsync(rule, caller, Fixture.Credential.CookieWithoutToken, async () => before = await fixture.FingerprintAsync());
            var after = await fixture.FingerprintAsync();
            if (without != 400 || before != after)
            {
                differences.Add($"{rule.Method} {rule.Route} as {caller} without the token: {without}{(before != after ? ", and the data changed" : string.Empty)}");
            }

            var (with, _) = await fixture.SendAsync(rule, caller, Fixture.Credential.CookieWithToken);
            var expected = rule.Route.Contains("{id:long}", StringComparison.Ordinal) || rule.Route.Contains("{grievantId:long}", StringComparison.Ordinal) ? with == 404 : with is >= 200 and < 300;
            if (!expected)
            {
                differences.Add($"{rule.Method} {rule.Route} as {caller} with the token: {with}");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public void Table_EveryApiWriteOpenToSomeone_SaysWhetherACookieNeedsTheToken()
    {
        var wrong = AccessMatrix.Rules
            .Where(r => r.Allowed != Who.Nobody)
            .Where(r => r.CookieNeedsAntiforgery != Security.IsGuardedApiWrite(new Microsoft.AspNetCore.Http.DefaultHttpContext { Request = { Method = r.Method, Path = r.Route.Split('?')[0] } }.Request))
            .Select(r => $"{r.Method} {r.Route}")
            .ToList();

        Assert.True(wrong.Count == 0, "The antiforgery column disagrees with what the app checks:\n" + string.Join('\n', wrong));
        Assert.True(AccessMatrix.Rules.Count(r => r.CookieNeedsAntiforgery) >= 12);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<Who, string> bearer = [];
        private readonly Dictionary<Who, string> cookies = [];

        public AppFactory App { get; } = new();

        public string ClaimId { get; private set; } = string.Empty;

        public string MemberToken { get; private set; } = Convert.ToBase64String(Guid.NewGuid().ToByteArray());

        public string RefreshToken { get; private set; } = string.Empty;

        // The account the user-administration rules act on: renamed, never deactivated, so the other callers keep working.
        public string CcwgUserId { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var mrc = await App.ClientForAsync(Mrc);
            var claim = await OpenAsync(mrc, NewClaim("Access Matrix Unit"));
            claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await App.UserIdAsync(Rep1) });
            ClaimId = Id(claim);

            foreach (var who in Accounts.Keys)
            {
                await SignInAsync(who);
            }

            MemberToken = await MemberLinkTokenAsync();
            CcwgUserId = await App.UserIdAsync(Ccwg);
            DocumentId = await UploadAsync();
            var build = await mrc.PostAsync($"/api/claims/{ClaimId}/packet/builds", null);
            Assert.Equal(HttpStatusCode.Accepted, build.StatusCode);
            BuildId = build.Headers.Location!.ToString().Split('/').Last();
        }

        private static readonly Dictionary<Who, string> Accounts = new()
        {
            [Who.Mrc] = Mrc,
            [Who.RepresentativeOwn] = Rep1,
            [Who.RepresentativeOther] = Rep2,
            [Who.Ccwg] = Ccwg,
            [Who.Admin] = Admin,
        };

        private async Task SignInAsync(Who who)
        {
            var email = Accounts[who];
            using var client = App.CreateClient(new() { HandleCookies = false });
            var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = AppFactory.Password });
            var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
            bearer[who] = tokens.GetProperty("accessToken").GetString()!;
            RefreshToken = tokens.GetProperty("refreshToken").GetString()!;
            var withCookie = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = AppFactory.Password });
            cookies[who] = string.Join("; ", withCookie.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        }

        public string DocumentId { get; private set; } = string.Empty;

        public string BuildId { get; private set; } = string.Empty;

        // The member's credential is the token in the e-mailed link; sending a new link revokes the old one.
        private async Task<string> MemberLinkTokenAsync()
        {
            var mrc = await App.ClientForAsync(Mrc);
            var response = await mrc.PostAsync($"/api/claims/{ClaimId}/member-link", null);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
            return url[(url.LastIndexOf("/member/", StringComparison.Ordinal) + "/member/".Length)..];
        }

        private async Task<string> UploadAsync()
        {
            var mrc = await App.ClientForAsync(Mrc);
            using var form = new MultipartFormDataContent
            {
                { new StringContent("duty-statements"), "category" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes("Duty statement: answers incoming calls through the ACD queue 80% of the time.\n")), "file", "duty.txt" },
            };
            var response = await mrc.PostAsync($"/api/claims/{ClaimId}/documents", form);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        public enum Credential
        {
            Usual,
            CookieWithoutToken,
            CookieWithToken,
        }

        // What a cookie-signed-in write could change, row counts and states alike.
        public Task<string> FingerprintAsync() => App.WithDbAsync(async db => string.Join('|',
            await db.Claims.CountAsync(),
            await db.Claims.SumAsync(c => c.Version),
            await db.JournalEntries.CountAsync(),
            await db.Documents.CountAsync(),
            await db.Documents.CountAsync(d => d.DeletedAt != null),
            string.Join(',', await db.Documents.OrderBy(d => d.Id).Select(d => d.Description).ToListAsync()),
            string.Join(',', await db.Claims.OrderBy(c => c.Id).Select(c => c.StatementFacts).ToListAsync()),
            await db.MemberLinks.CountAsync(),
            await db.MemberLinks.CountAsync(l => l.RevokedAt != null),
            await db.PacketBuilds.CountAsync(),
            await db.Set<Data.NotificationRow>().CountAsync(n => n.ReadAt != null),
            await db.Set<Data.CalendarFeedToken>().CountAsync(),
            string.Join(',', (await db.Users.OrderBy(u => u.Id).Select(u => new { u.SecurityStamp, u.Email, u.DisplayName, u.Active }).ToListAsync()).Select(u => $"{u.SecurityStamp}{u.Email}{u.DisplayName}{u.Active}"))));

        public async Task<(int Status, string Location)> SendAsync(AccessRule rule, Who caller, Credential credential = Credential.Usual, Func<Task>? justBeforeSending = null)
        {
            // Rules that use up what they touch get their own: a fresh member link, a fresh document to delete.
            var memberToken = rule.Route.Contains("{token}", StringComparison.Ordinal) ? await MemberLinkTokenAsync() : MemberToken;
            var documentId = rule.Method == "DELETE" || rule.Route.Contains("handler=Delete", StringComparison.Ordinal) ? await UploadAsync() : DocumentId;
            var path = rule.Route
                .Replace("{documentId:guid}", documentId, StringComparison.Ordinal)
                .Replace("{buildId:guid}", BuildId, StringComparison.Ordinal)
                .Replace("{id:guid}", ClaimId, StringComparison.Ordinal)
                .Replace("{actionId}", "add-note", StringComparison.Ordinal)
                .Replace("{definitionId}", "article-21-4-recognition", StringComparison.Ordinal)
                .Replace("{version:int}", "2", StringComparison.Ordinal)
                .Replace("{migrationId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{id:long}", "999999", StringComparison.Ordinal)
                .Replace("{grievantId:long}", "999999", StringComparison.Ordinal)
                .Replace("{id}", CcwgUserId, StringComparison.Ordinal)
                .Replace("{token}", caller == Who.MemberLink ? memberToken : "not-a-member-token", StringComparison.Ordinal);
            if (path.EndsWith("/api/claims/", StringComparison.Ordinal))
            {
                path = path.TrimEnd('/');
            }

            using var client = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            var isApi = path.StartsWith("/api", StringComparison.Ordinal);
            var cookie = (!isApi || credential != Credential.Usual) && cookies.TryGetValue(caller, out var c) ? c : null;
            if (isApi && credential == Credential.Usual && bearer.TryGetValue(caller, out var token))
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            else if (isApi && credential == Credential.Usual && caller == Who.MemberLink)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", memberToken);
            }

            using var request = new HttpRequestMessage(new HttpMethod(rule.Method), path);
            if (rule.Method != "GET" && rule.Method != "DELETE")
            {
                request.Content = isApi ? await ApiBodyAsync(rule) : await FormAsync(client, rule, path, caller, cookie, c2 => cookie = c2, documentId);
            }

            if (credential == Credential.CookieWithToken)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, "/claims");
                get.Headers.Add("Cookie", cookie!);
                using var page = await client.SendAsync(get);
                request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value));
                cookie += "; " + string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(s => s.Split(';')[0]));
            }

            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            if (justBeforeSending is not null)
            {
                await justBeforeSending();
            }

            using var response = await client.SendAsync(request);
            // Signing out and Identity's two-factor settings give the account a new security stamp, which ends every session
            // of it within a minute (SessionStamps): the caller signs in again for the rules after it.
            if (rule.Method == "POST" && rule.Route is "/Account/Logout" or "/api/auth/manage/2fa" && Accounts.TryGetValue(caller, out var email))
            {
                await SignInAsync(caller);
                App.ForgetToken(email);
            }

            return ((int)response.StatusCode, response.Headers.Location?.ToString() ?? string.Empty);
        }

        private async Task<HttpContent> ApiBodyAsync(AccessRule rule)
        {
            if (rule.Route.EndsWith("/documents", StringComparison.Ordinal))
            {
                return new MultipartFormDataContent
                {
                    { new StringContent("duty-statements"), "category" },
                    { new ByteArrayContent(Encoding.UTF8.GetBytes("Duty statement: answers calls.\n")), "file", "duty.txt" },
                };
            }

            object body = rule.Route switch
            {
                "/api/auth/login" => new { email = Mrc, password = AppFactory.Password },
                "/api/auth/refresh" => new { refreshToken = await FreshRefreshTokenAsync() },
                "/api/claims/" => NewClaim("Access Matrix Intake"),
                "/api/claims/{id:guid}/actions/{actionId}" => new { expectedVersion = await CurrentVersionAsync(), text = "access matrix" },
                "/api/claims/{id:guid}" => new { expectedVersion = await CurrentVersionAsync(), description = "Corrected by the access matrix " + Guid.NewGuid().ToString("N") },
                "/api/claims/{id:guid}/statement" => new { expectedVersion = await CurrentVersionAsync(), facts = "Statement by the access matrix " + Guid.NewGuid().ToString("N"), occurredOn = (string?)null, differentialFrom = "2024-07-01" },
                "/api/claims/{id:guid}/statement/quotes" => new { documentId = await ReadDocumentIdAsync(), highlight = 0, expectedVersion = await CurrentVersionAsync() },
                "/api/claims/{id:guid}/grievants/" => new { name = "Matrix Grievant", email = $"matrix-{Guid.NewGuid():N}@example.org" },
                "/api/claims/{id:guid}/documents/{documentId:guid}" => new { description = "Described by the access matrix " + Guid.NewGuid().ToString("N")[..8] },
                "/api/auth/manage/info" => new { },
                "/api/workflows" => await NextDefinitionVersionAsync(),
                "/api/workflows/{definitionId}/migrations" => new { fromVersion = 1, toVersion = 2, dryRun = true },
                "/api/auth/manage/2fa" => new { },
                "/api/admin/users" => new { email = $"matrix-{Guid.NewGuid():N}@example.org", displayName = "Matrix Invitee", roles = new[] { "Mrc" } },
                "/api/admin/users/{id}" => new { displayName = "Irene Green (CCWG) " + Guid.NewGuid().ToString("N")[..6] },
                "/api/units/{id:long}" => new { name = "Renamed by the access matrix" },
                "/api/admin/users/{id}/reassign" => new { toRepresentativeId = await App.UserIdAsync(Rep2) },
                _ => new { email = "nobody@example.org", password = "x", code = "x", resetCode = "x", newPassword = "x" },
            };
            return JsonContent.Create(body);
        }

        // A quote needs a highlight, found when the background reader has read the document.
        private async Task<string> ReadDocumentIdAsync()
        {
            for (var attempt = 0; attempt < 300; attempt++)
            {
                var status = await App.WithDbAsync(db => db.Documents.Where(d => d.Id == Guid.Parse(DocumentId)).Select(d => d.TextStatus).FirstAsync());
                if (status != "pending")
                {
                    return DocumentId;
                }

                await Task.Delay(200);
            }

            throw new TimeoutException("the fixture's document was not read");
        }

        private async Task<string> FreshRefreshTokenAsync()
        {
            await SignInAsync(Who.Admin);
            return RefreshToken;
        }

        private async Task<int> CurrentVersionAsync()
        {
            var mrc = await App.ClientForAsync(Mrc);
            return Version(await GetAsync(mrc, $"/api/claims/{ClaimId}"));
        }

        // A valid definition numbered after every stored version, so storing it succeeds each time the table asks.
        private async Task<System.Text.Json.Nodes.JsonNode> NextDefinitionVersionAsync()
        {
            var admin = await App.ClientForAsync(Admin);
            var versions = await admin.GetFromJsonAsync<JsonElement>("/api/workflows/article-21-4-recognition/versions");
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "article-21-4-recognition.v2.json")))!;
            json["version"] = versions.EnumerateArray().Max(v => v.GetProperty("version").GetInt32()) + 1;
            return json;
        }

        // Page forms carry the antiforgery token of the caller's own GET of the page; a refused caller has none to send.
        private async Task<HttpContent> FormAsync(HttpClient client, AccessRule rule, string path, Who caller, string? cookie, Action<string> setCookie, string documentId)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var formPage = path.Split('?')[0];
            if (formPage.EndsWith("/documents", StringComparison.Ordinal))
            {
                formPage = formPage[..^"/documents".Length];
            }

            using var get = new HttpRequestMessage(HttpMethod.Get, formPage);
            if (cookie is not null)
            {
                get.Headers.Add("Cookie", cookie);
            }

            using var page = await client.SendAsync(get);
            var html = await page.Content.ReadAsStringAsync();
            if (AntiforgeryField().Match(html) is { Success: true } match)
            {
                fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(match.Groups[1].Value);
                if (page.Headers.TryGetValues("Set-Cookie", out var set))
                {
                    var antiforgery = string.Join("; ", set.Select(s => s.Split(';')[0]));
                    setCookie(cookie is null ? antiforgery : cookie + "; " + antiforgery);
                }
            }

            switch (rule.Route)
            {
                case "/Account/Login":
                    fields["Email"] = "nobody@example.org";
                    fields["Password"] = "wrong";
                    break;
                case "/member/{token}?handler=Language":
                    fields["lang"] = "es";
                    break;
                case "/claims/{id:guid}/documents?handler=Delete":
                    fields["documentId"] = documentId;
                    break;
                case "/claims/{id:guid}/documents?handler=Describe":
                    fields["documentId"] = documentId;
                    fields["description"] = $"Described from the page as {caller}";
                    break;
                case "/claims/{id:guid}?handler=Statement":
                    fields["expectedVersion"] = (await CurrentVersionAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    fields["Statement.Facts"] = $"Statement written from the page as {caller}";
                    fields["Statement.Occurrence"] = "date";
                    fields["Statement.OccurredOn"] = "2025-03-01";
                    break;
                case "/claims/{id:guid}?handler=Fire":
                    fields["actionId"] = "add-note";
                    fields["expectedVersion"] = (await CurrentVersionAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    fields["text"] = $"access matrix from the page as {caller}";
                    break;
                case "/claims/{id:guid}?handler=Correct":
                    var claim = await GetAsync(await App.ClientForAsync(Mrc), $"/api/claims/{ClaimId}");
                    fields["expectedVersion"] = Version(claim).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    fields["Edit.MemberName"] = claim.GetProperty("member").GetProperty("name").GetString()!;
                    fields["Edit.MemberEmail"] = claim.GetProperty("member").GetProperty("email").GetString()!;
                    fields["Edit.MemberPhone"] = claim.GetProperty("member").GetProperty("phone").GetString() ?? string.Empty;
                    fields["Edit.Department"] = claim.GetProperty("department").GetString()!;
                    fields["Edit.WorkUnit"] = claim.GetProperty("workUnit").GetString()!;
                    fields["Edit.BargainingUnit"] = claim.GetProperty("bargainingUnit").GetString()!;
                    fields["Edit.Classification"] = claim.GetProperty("classification").GetString()!;
                    fields["Edit.Description"] = $"Corrected from the page as {caller}";
                    break;
            }

            return new FormUrlEncodedContent(fields);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }
}
