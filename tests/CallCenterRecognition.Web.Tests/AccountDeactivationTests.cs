using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CallCenterRecognition.Web.Data;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// An administrator turns an account off: it cannot sign in, and its cookies and bearer tokens stop within a minute.
public sealed class AccountDeactivationTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory factory;

    public AccountDeactivationTests()
    {
        factory = ReminderSupport.Factory(clock);
    }

    public void Dispose() => factory.Dispose();

    private async Task<HttpResponseMessage> LoginAsync(string email, string password = AppFactory.Password) =>
        await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password });

    private async Task<(string Access, string Refresh)> TokensAsync(string email)
    {
        var response = await LoginAsync(email);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private async Task<HttpClient> BearerClientAsync(string email)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await TokensAsync(email)).Access);
        return client;
    }

    private async Task<HttpStatusCode> WithBearerAsync(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/claims")).StatusCode;
    }

    private async Task<(HttpStatusCode Status, string Location)> WithCookieAsync(string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/claims");
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.Location?.ToString() ?? string.Empty);
    }

    private async Task<string> CookieAsync(string email)
    {
        var response = await factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false })
            .PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = AppFactory.Password });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("ccr.auth", StringComparison.Ordinal)));
    }

    private static async Task<(HttpStatusCode, string)> AnswerAsync(HttpResponseMessage response)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return (response.StatusCode, body.ToJsonString());
    }

    private async Task<HttpResponseMessage> PatchAsync(HttpClient client, string userId, object body) =>
        await client.PatchAsync($"/api/admin/users/{userId}", JsonContent.Create(body));

    [Fact]
    public async Task Deactivate_Representative_BearerCookieAndRefreshStopAndSignInAnswersAsAWrongPassword()
    {
        var (bearer, refresh) = await TokensAsync(Rep1);
        var cookie = await CookieAsync(Rep1);
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(bearer));
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(cookie)).Status);
        var admin = await BearerClientAsync(Admin);
        var rep1Id = await factory.UserIdAsync(Rep1);

        var response = await PatchAsync(admin, rep1Id, new { active = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("active").GetBoolean());
        Assert.Equal(["Representative"], view.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        clock.Advance(SessionStamps.Interval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithBearerAsync(bearer));
        var (status, location) = await WithCookieAsync(cookie);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("/Account/Login", location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh })).StatusCode);
        var inactive = await AnswerAsync(await LoginAsync(Rep1));
        var wrongPassword = await AnswerAsync(await LoginAsync(Rep2, "wrong-password-1!"));
        Assert.Equal(HttpStatusCode.Unauthorized, inactive.Item1);
        Assert.Equal(wrongPassword, inactive);
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await PageForms.TokenAsync(browser, "/Account/Login"),
            ["Email"] = Rep1,
            ["Password"] = AppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SignInThrottle.Failed), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivate_InactiveUsersSessionBeforeTheStampIsSeen_IsRefused()
    {
        var bearer = (await TokensAsync(Rep1)).Access;
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(bearer));
        var rep1Id = await factory.UserIdAsync(Rep1);

        // Only the flag, as an older instance or a hand edit would leave it: the stamp check alone must refuse the account.
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == rep1Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Active, false)));
        clock.Advance(SessionStamps.Interval + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, await WithBearerAsync(bearer));
    }

    [Fact]
    public async Task Reactivate_DeactivatedRepresentative_CanSignInAgain()
    {
        var admin = await BearerClientAsync(Admin);
        var rep1Id = await factory.UserIdAsync(Rep1);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(admin, rep1Id, new { active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(Rep1)).StatusCode);

        var response = await PatchAsync(admin, rep1Id, new { active = true, displayName = "  Raymond Chen Jr.  " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Raymond Chen Jr.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(Rep1)).StatusCode);
    }

    [Fact]
    public async Task Deactivate_OnlyAdministrator_Returns409AndStaysActive()
    {
        var admin = await BearerClientAsync(Admin);
        var adminId = await factory.UserIdAsync(Admin);

        var response = await PatchAsync(admin, adminId, new { active = false });

        await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/claims")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(Admin)).StatusCode);
    }

    [Fact]
    public async Task Deactivate_TwoAdministratorsEachOtherAtOnce_OneSucceedsAndOneAdministratorStaysActive()
    {
        const string second = "admin2@demo.local";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = second, Email = second, EmailConfirmed = true, DisplayName = "Second Administrator" };
            Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Admin)).Succeeded);
        }

        var first = await BearerClientAsync(Admin);
        var other = await BearerClientAsync(second);
        var firstId = await factory.UserIdAsync(Admin);
        var secondId = await factory.UserIdAsync(second);

        var answers = await Task.WhenAll(
            Task.Run(() => PatchAsync(first, secondId, new { active = false })),
            Task.Run(() => PatchAsync(other, firstId, new { active = false })));

        // The loser is 409, or 401 when its caller's own deactivation was seen before its request was authenticated.
        var statuses = string.Join(", ", answers.Select(a => (int)a.StatusCode));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(answers.Count(a => a.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized) == 1, statuses);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => (u.Id == firstId || u.Id == secondId) && u.Active)));
    }

    [Theory]
    [InlineData(Rep2)]
    [InlineData(Mrc)]
    [InlineData(Ccwg)]
    public async Task PatchUser_AsNonAdmin_Returns403AndChangesNothing(string email)
    {
        var caller = await BearerClientAsync(email);
        var rep1Id = await factory.UserIdAsync(Rep1);

        var response = await PatchAsync(caller, rep1Id, new { active = false });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await caller.GetAsync("/api/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(Rep1)).StatusCode);
    }

    [Fact]
    public async Task PatchUser_UnknownId_Returns404()
    {
        var admin = await BearerClientAsync(Admin);

        await ProblemAsync(await PatchAsync(admin, Guid.NewGuid().ToString(), new { active = false }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("{\"displayName\": \"   \"}", "displayName")]
    [InlineData("{\"active\": \"no\"}", "active")]
    [InlineData("{\"active\": false, \"roles\": [\"Root\"]}", "roles")]
    public async Task PatchUser_BadInput_Returns400NamingTheFieldAndChangesNothing(string json, string field)
    {
        var admin = await BearerClientAsync(Admin);
        var rep1Id = await factory.UserIdAsync(Rep1);

        var response = await admin.PatchAsync($"/api/admin/users/{rep1Id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ErrorFields(problem));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(Rep1)).StatusCode);
    }

    [Fact]
    public async Task ListUsers_AsAdmin_GivesEveryAccountWithRolesAndActive()
    {
        var admin = await BearerClientAsync(Admin);

        var items = (await GetAsync(admin, "/api/admin/users")).GetProperty("items").EnumerateArray().ToList();

        var rep1 = Assert.Single(items, i => i.GetProperty("email").GetString() == Rep1);
        Assert.Equal("Raymond Chen", rep1.GetProperty("displayName").GetString());
        Assert.Equal(["Representative"], rep1.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(rep1.GetProperty("active").GetBoolean());
        Assert.Equal(5, items.Count);
    }
}
