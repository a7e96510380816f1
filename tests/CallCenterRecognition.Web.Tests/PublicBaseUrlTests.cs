using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Infrastructure;
using Ical.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class PublicBaseUrlTests
{
    private static PublicBaseUrl With(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(), new ServiceCollection().BuildServiceProvider());

    [Fact]
    public void For_SettingGiven_UsesItWithoutTrailingSlash()
    {
        var url = With(("App:PublicBaseUrl", "https://ccr.example.org/"), ("urls", "http://127.0.0.1:5080"));

        Assert.Equal("https://ccr.example.org/member/abc", url.For("/member/abc"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080;http://10.0.0.5:6000", "http://127.0.0.1:5080")]
    [InlineData("http://0.0.0.0:5000", "http://localhost:5000")]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://*:8080", "http://localhost:8080")]
    [InlineData("https://+:443/", "https://localhost:443")]
    public void Value_NoSetting_IsTheFirstListeningAddressWithAHostName(string urls, string expected)
    {
        Assert.Equal(expected, With(("urls", urls)).Value);
    }

    [Fact]
    public async Task MemberLinkAndFeed_SettingGiven_BothUseIt()
    {
        var clock = new FakeTimeProvider(ReminderSupport.ThursdayMorning);
        using var factory = ReminderSupport.Factory(clock, null, ("App:PublicBaseUrl", "https://ccr.example.org"));
        var mrc = await ReminderSupport.SignInAsync(factory, Mrc);
        var rep = await ReminderSupport.SignInAsync(factory, Rep1);
        var claim = await OpenAsync(mrc, NewClaim("Base Url Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");

        var link = await rep.PostAsync($"/api/claims/{Id(claim)}/member-link", null);
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        Assert.StartsWith("https://ccr.example.org/member/", (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString(), StringComparison.Ordinal);

        var feed = await (await rep.PostAsync("/api/me/deadlines-feed", null)).Content.ReadFromJsonAsync<JsonElement>();
        var feedUrl = feed.GetProperty("url").GetString()!;
        Assert.StartsWith("https://ccr.example.org/api/me/deadlines.ics?token=", feedUrl, StringComparison.Ordinal);
        var ics = await factory.CreateClient().GetStringAsync(new Uri(feedUrl).PathAndQuery);
        var calendarEvent = Assert.Single(Calendar.Load(ics)!.Events, e => e.Summary!.Contains(claim.GetProperty("number").GetString()!, StringComparison.Ordinal));
        Assert.Equal($"https://ccr.example.org/claims/{Id(claim)}", calendarEvent.Url!.ToString());
    }
}
