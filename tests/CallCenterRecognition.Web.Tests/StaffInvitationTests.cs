using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Administrators invite staff by e-mail; the invitee chooses a password through a one-time link. Runs on SQLite by default
// and on PostgreSQL with CCR_TEST_PROVIDER=Postgres.
public sealed partial class StaffInvitationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string NewPassword = "Fresh-start-2026!";

    [Fact]
    public async Task Invite_LinkFromTheEmailThenPageForm_InviteeSignsInWithTheRoleGiven()
    {
        var email = Unique("invitee");
        var admin = await factory.ClientForAsync(Admin);
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { email, displayName = "Ines Newhire", roles = new[] { Roles.Ccwg } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, view.GetProperty("email").GetString());
        Assert.Equal([Roles.Ccwg], view.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.True(view.GetProperty("active").GetBoolean());

        var message = MailTo(factory, email);
        Assert.Equal("You are invited to Call Center Recognition", message.Subject);
        var body = message.TextBody;
        Assert.Contains("Demo Administrator has given you an account on Call Center Recognition", body, StringComparison.Ordinal);
        Assert.Contains("The link works once, until ", body, StringComparison.Ordinal);
        Assert.Contains("(California time)", body, StringComparison.Ordinal);
        var url = LinkIn(message);
        Assert.StartsWith("http://localhost:5000/Account/SetPassword?token=", url, StringComparison.Ordinal);

        // No password exists before the link is used, and the database holds only the token's SHA-256.
        var token = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var (passwordHash, storedHash) = await factory.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            return (user.PasswordHash, (await db.Set<AccountLinkRow>().SingleAsync(l => l.UserId == user.Id)).TokenHash);
        });
        Assert.Null(passwordHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), storedHash);

        var set = await SetPasswordThroughPageAsync(factory, url, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.StartsWith("/Account/Login", set.Headers.Location!.ToString(), StringComparison.Ordinal);

        var signedIn = await BearerClientAsync(factory, email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await signedIn.GetAsync("/api/admin/users")).StatusCode);

        var actions = await AuditActionsAsync(factory, email);
        Assert.Equal(["created", "invited", "password-set"], actions);
    }

    [Fact]
    public async Task SetPassword_LinkAlreadyUsed_Returns410AndKeepsThePassword()
    {
        var url = await InviteAsync(factory, Unique("twice"), Roles.Mrc);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordThroughPageAsync(factory, url, NewPassword)).StatusCode);

        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var again = await client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("This link has expired or was already used.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var post = await PostSetPasswordAsync(factory, url, "Someone-else-2026!");
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
    }

    [Fact]
    public async Task SetPassword_UnknownToken_Returns410()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync("/Account/SetPassword?token=" + new string('A', 43))).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync("/Account/SetPassword")).StatusCode);
    }

    [Fact]
    public async Task SetPassword_PasswordTooShort_RefusedBesideTheFieldAndLinkStillWorks()
    {
        var url = await InviteAsync(factory, Unique("short"), Roles.Mrc);
        var refused = await PostSetPasswordAsync(factory, url, "Short-1!");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("at least 12 characters", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordThroughPageAsync(factory, url, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Invite_EmailAlreadyInUse_Returns409()
    {
        var admin = await factory.ClientForAsync(Admin);
        foreach (var email in new[] { Rep1, Rep1.ToUpperInvariant() })
        {
            var response = await admin.PostAsJsonAsync("/api/admin/users", new { email, displayName = "Second Raymond", roles = new[] { Roles.Representative } });
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("roles", "{\"email\":\"x1@example.org\",\"displayName\":\"X\",\"roles\":[\"Superuser\"]}")]
    [InlineData("roles", "{\"email\":\"x2@example.org\",\"displayName\":\"X\",\"roles\":[]}")]
    [InlineData("email", "{\"email\":\"not an address\",\"displayName\":\"X\",\"roles\":[\"Mrc\"]}")]
    [InlineData("email", "{\"email\":\"Bob <bob@example.org>\",\"displayName\":\"X\",\"roles\":[\"Mrc\"]}")]
    [InlineData("displayName", "{\"email\":\"x3@example.org\",\"displayName\":\"  \",\"roles\":[\"Mrc\"]}")]
    public async Task Invite_BadField_Returns400NamingTheFieldAndCreatesNothing(string field, string json)
    {
        var admin = await factory.ClientForAsync(Admin);
        var before = await factory.WithDbAsync(db => db.Users.CountAsync());
        var response = await admin.PostAsync("/api/admin/users", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await factory.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [InlineData(Mrc)]
    [InlineData(Rep1)]
    [InlineData(Ccwg)]
    public async Task InviteAndReset_AsNonAdmin_Return403(string caller)
    {
        var client = await factory.ClientForAsync(caller);
        var invite = await client.PostAsJsonAsync("/api/admin/users", new { email = Unique("refused"), displayName = "Nope", roles = new[] { Roles.Mrc } });
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        var reset = await client.PostAsync($"/api/admin/users/{await factory.UserIdAsync(Rep2)}/password-reset", null);
        Assert.Equal(HttpStatusCode.Forbidden, reset.StatusCode);
    }

    [Fact]
    public async Task PasswordReset_NewLinkWorksAndTheOldOneStops()
    {
        var email = Unique("reset");
        var first = await InviteAsync(factory, email, Roles.Representative);
        var admin = await factory.ClientForAsync(Admin);
        var userId = await factory.UserIdAsync(email);
        var reset = await admin.PostAsync($"/api/admin/users/{userId}/password-reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        var messages = MailsTo(factory, email);
        var resetMail = Assert.Single(messages, m => m.Subject == "Choose a new password for Call Center Recognition");
        var second = LinkIn(resetMail);
        Assert.NotEqual(first, second);

        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(new Uri(first).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordThroughPageAsync(factory, second, NewPassword)).StatusCode);
        var signedIn = await BearerClientAsync(factory, email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/claims")).StatusCode);
        Assert.Contains("reset-link-sent", await AuditActionsAsync(factory, email));
    }

    [Fact]
    public async Task UpdateRoles_ChangeRoles_RecordedInAuditAndShownOnTheUserPage()
    {
        var email = Unique("roles");
        await InviteAsync(factory, email, Roles.Mrc);
        var userId = await factory.UserIdAsync(email);
        var admin = await factory.ClientForAsync(Admin);
        var patch = await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { roles = new[] { Roles.Representative, Roles.Ccwg } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var view = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([Roles.Ccwg, Roles.Representative], view.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());

        var row = await factory.WithDbAsync(db => db.Set<AccountAuditRow>().SingleAsync(a => a.UserId == userId && a.Field == "roles" && a.Action == "changed"));
        Assert.Equal("Mrc", row.OldValue);
        Assert.Equal("Ccwg, Representative", row.NewValue);
        Assert.Equal(await factory.UserIdAsync(Admin), row.ActorId);

        var html = await PageForms.GetPageAsync(factory, Admin, $"/admin/users/{userId}");
        Assert.Contains("Roles: Mrc → Ccwg, Representative", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateRoles_UnknownRole_Returns400AndChangesNothing()
    {
        var admin = await factory.ClientForAsync(Admin);
        var ccwgId = await factory.UserIdAsync(Ccwg);
        var response = await admin.PatchAsJsonAsync($"/api/admin/users/{ccwgId}", new { roles = new[] { "Ccwg", "Root" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("roles", out _));
    }

    [Fact]
    public async Task UpdateRoles_LastActiveAdminLosesAdmin_Returns409AndKeepsTheRole()
    {
        var admin = await factory.ClientForAsync(Admin);
        var adminId = await factory.UserIdAsync(Admin);
        var response = await admin.PatchAsJsonAsync($"/api/admin/users/{adminId}", new { roles = new[] { Roles.Ccwg } });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users");
        var mine = list.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("id").GetString() == adminId);
        Assert.Contains(Roles.Admin, mine.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task ListUsers_AfterSignIn_ShowsLastSignInAndOpenClaims()
    {
        await BearerClientAsync(factory, Rep1, AppFactory.Password);
        var admin = await factory.ClientForAsync(Admin);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users");
        var rep = list.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == Rep1);
        Assert.Equal(JsonValueKind.String, rep.GetProperty("lastSignInAt").ValueKind);
        var repId = await factory.UserIdAsync(Rep1);
        var open = await factory.WithDbAsync(db => db.Claims.CountAsync(c => c.AssignedRepresentativeId == repId && !c.IsClosed));
        Assert.True(open > 0, "the demo gives rep1 open claims");
        Assert.Equal(open, rep.GetProperty("openClaims").GetInt32());
    }

    [Fact]
    public async Task InvitePage_FormWithRoleCheckboxes_CreatesTheAccountAndSendsTheMail()
    {
        var email = Unique("page");
        using var client = await PageForms.SignedInClientAsync(factory, Admin);
        var token = await PageForms.TokenAsync(client, "/admin/users");
        var response = await client.PostAsync("/admin/users", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Email", email), new("DisplayName", "Paige Former"),
            new("Roles", Roles.Mrc), new("Roles", Roles.Representative),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("Invitation e-mailed to " + email, page, StringComparison.Ordinal);
        Assert.Contains("Mrc, Representative", page, StringComparison.Ordinal);
        Assert.NotNull(MailTo(factory, email));
    }

    [Fact]
    public async Task UserPage_DeactivateWithoutConfirmation_RefusedAndStillActive()
    {
        var email = Unique("confirm");
        await InviteAsync(factory, email, Roles.Mrc);
        var userId = await factory.UserIdAsync(email);
        using var client = await PageForms.SignedInClientAsync(factory, Admin);
        var token = await PageForms.TokenAsync(client, $"/admin/users/{userId}");
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("DisplayName", "Con Firm"), new("Roles", Roles.Mrc), new("Active", "false") };
        var refused = await client.PostAsync($"/admin/users/{userId}?handler=Update", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Active).SingleAsync()));

        form.Add(new("ConfirmDeactivate", "true"));
        var done = await client.PostAsync($"/admin/users/{userId}?handler=Update", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Active).SingleAsync()));
    }

    [Fact]
    public async Task AdminPages_AsAdmin_RenderListAndDetails()
    {
        var list = await PageForms.GetPageAsync(factory, Admin, "/admin/users");
        Assert.Contains("Invite a staff member", list, StringComparison.Ordinal);
        Assert.Contains(Rep1, list, StringComparison.Ordinal);
        var repId = await factory.UserIdAsync(Rep1);
        var details = await PageForms.GetPageAsync(factory, Admin, $"/admin/users/{repId}");
        Assert.Contains("Send a new password link", details, StringComparison.Ordinal);
        Assert.Contains("Open claims assigned", details, StringComparison.Ordinal);
        Assert.Matches("href=\"/claims/[0-9a-f-]{36}\"", details);
    }

    [Theory]
    [InlineData(Mrc)]
    [InlineData(Rep1)]
    [InlineData(Ccwg)]
    public async Task AdminPages_AsOtherRoles_Refused(string caller)
    {
        using var client = await PageForms.SignedInClientAsync(factory, caller);
        foreach (var path in new[] { "/admin/users", $"/admin/users/{await factory.UserIdAsync(Rep2)}" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RequestLog_SetPasswordLink_RedactsTheToken()
    {
        var logged = RequestLog.Redact(new PathString("/Account/SetPassword"), new QueryString("?token=SecretTokenValue123"));
        Assert.DoesNotContain("SecretTokenValue123", logged, StringComparison.Ordinal);
        Assert.Contains("token=[redacted]", logged, StringComparison.Ordinal);
    }

    internal static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    internal static async Task<string> InviteAsync(AppFactory factory, string email, string role, HttpClient? admin = null)
    {
        admin ??= await factory.ClientForAsync(Admin);
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { email, displayName = "Test Invitee", roles = new[] { role } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return LinkIn(MailTo(factory, email));
    }

    internal static List<MimeMessage> MailsTo(AppFactory factory, string email) =>
        [.. ReminderSupport.Outbox(factory).Select(o => o.Message).Where(m => m.To.Mailboxes.Any(a => a.Address == email))];

    internal static MimeMessage MailTo(AppFactory factory, string email) => Assert.Single(MailsTo(factory, email));

    internal static string LinkIn(MimeMessage message) => LinkPattern().Match(message.TextBody ?? string.Empty).Value;

    // A browser without script: open the link, read the form's antiforgery token, post the new password twice.
    internal static async Task<HttpResponseMessage> SetPasswordThroughPageAsync(AppFactory factory, string url, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var antiforgery = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        return await client.PostAsync("/Account/SetPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["Token"] = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..],
            ["New"] = password,
            ["Confirm"] = password,
        }));
    }

    // The same post with a fresh antiforgery token from the sign-in page, for links whose own page no longer shows a form.
    private static async Task<HttpResponseMessage> PostSetPasswordAsync(AppFactory factory, string url, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var antiforgery = WebUtility.HtmlDecode(await PageForms.TokenAsync(client, "/Account/Login"));
        return await client.PostAsync("/Account/SetPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["Token"] = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..],
            ["New"] = password,
            ["Confirm"] = password,
        }));
    }

    internal static async Task<HttpClient> BearerClientAsync(AppFactory factory, string email, string password)
    {
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<List<string>> AuditActionsAsync(AppFactory factory, string email)
    {
        var id = await factory.UserIdAsync(email);
        return await factory.WithDbAsync(db => db.Set<AccountAuditRow>().Where(a => a.UserId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [GeneratedRegex(@"http://localhost:5000/Account/SetPassword\?token=[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

// The 72 hours are counted on the app's clock.
public sealed class StaffInvitationExpiryTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory factory;

    public StaffInvitationExpiryTests() => factory = ReminderSupport.Factory(clock);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task SetPassword_LinkOlderThan72Hours_Returns410AndSetsNothing()
    {
        var email = StaffInvitationTests.Unique("late");
        var admin = await ReminderSupport.SignInAsync(factory, Admin);
        var url = await StaffInvitationTests.InviteAsync(factory, email, Roles.Mrc, admin);

        clock.Advance(TimeSpan.FromHours(71));
        using (var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(url).PathAndQuery)).StatusCode);
        }

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using var late = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await late.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This link has expired or was already used.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync()));
    }
}
