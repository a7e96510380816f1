using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// /hangfire as a person meets it: the app's own sign-in and "not for your role" pages, not Hangfire's empty answers.
public sealed class HangfirePageTests : IDisposable
{
    private readonly AppFactory factory = ReminderSupport.Factory(new FakeTimeProvider(DateTimeOffset.UtcNow));

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData(Rep1)]
    [InlineData(Mrc)]
    public async Task Hangfire_SignedInRoleWithoutAccess_ShowsTheAppsOwn403Page(string email)
    {
        var browser = await PageForms.SignedInClientAsync(factory, email);

        var refused = await browser.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Account/AccessDenied", refused.Headers.Location?.OriginalString);
        var page = await browser.GetAsync(refused.Headers.Location);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("This page is not for your role", html, StringComparison.Ordinal);
        Assert.Contains("/css/site.css", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Call Center Recognition jobs", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hangfire_Anonymous_IsSentToSignInAndBack()
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var refused = await browser.GetAsync("/hangfire/jobs/enqueued");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2Fhangfire%2Fjobs%2Fenqueued", refused.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Hangfire_CcwgSignedInThroughThePage_SeesTheDashboard()
    {
        var browser = await PageForms.SignedInClientAsync(factory, Ccwg);

        var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Call Center Recognition jobs", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
