using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// A copied cookie or bearer token stops working within a minute of signing out or changing the password.
public sealed class SessionEndTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory factory;

    public SessionEndTests()
    {
        factory = ReminderSupport.Factory(clock);
    }

    public void Dispose() => factory.Dispose();

    private async Task<string> BearerAsync(string email, string password = AppFactory.Password)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private async Task<HttpStatusCode> WithBearerAsync(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/claims")).StatusCode;
    }

    private async Task<HttpStatusCode> WithCookieAsync(string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/claims");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    // A second sign-in by hand whose cookie header is kept, as someone who copied it would keep it.
    private async Task<string> CopiedCookieAsync()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var loginPage = await client.GetAsync("/Account/Login");
        var antiforgeryCookie = string.Join("; ", loginPage.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = System.Text.RegularExpressions.Regex.Match(await loginPage.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Email"] = Rep1, ["Password"] = AppFactory.Password }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("ccr.auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignOut_CopiedCookieAndBearerToken_StopWorkingWithinAMinute()
    {
        var browser = await PageForms.SignedInClientAsync(factory, Rep1);
        var copiedCookie = await CopiedCookieAsync();
        var bearer = await BearerAsync(Rep1);
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(copiedCookie));
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(bearer));

        var token = await PageForms.TokenAsync(browser, "/claims");
        var signedOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Unauthorized, await WithBearerAsync(bearer));
        var replayed = await WithCookieAsync(copiedCookie);
        Assert.Equal(HttpStatusCode.Redirect, replayed);
        // A new sign-in works as before.
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(await BearerAsync(Rep1)));
    }

    [Fact]
    public async Task ChangePassword_OtherSessionsBearerToken_StopsWorkingThisBrowserStaysSignedIn()
    {
        const string newPassword = "A-new-pass-2026!x";
        var bearer = await BearerAsync(Rep1);
        var browser = await PageForms.SignedInClientAsync(factory, Rep1);
        var token = await PageForms.TokenAsync(browser, "/Account/ChangePassword");

        var changed = await browser.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Current"] = AppFactory.Password,
            ["New"] = newPassword,
            ["Confirm"] = newPassword,
        }));
        Assert.True(changed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, changed.StatusCode.ToString());
        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Unauthorized, await WithBearerAsync(bearer));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/claims")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(await BearerAsync(Rep1, newPassword)));
    }
}
