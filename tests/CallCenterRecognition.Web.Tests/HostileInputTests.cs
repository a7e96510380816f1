using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class HostileInputTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "<script>alert('x')</script> & \"quotes\"", "markup" },
        { "Bell\u0007 tab\t escape\u001b[31m and vertical\u000b tab", "control characters" },
        { "\u202Egnp.exe \u200F rtl \u05E9\u05DC\u05D5\u05DD", "right-to-left marks" },
        { "阮氏 María Ñúñez Ðorđević Ελένη Привет 😀", "non-Latin scripts" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task OpenClaim_HostileText_IsStoredAndReturnedIntact(string text, string kind)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, new
        {
            member = new { name = text, email = $"hostile.{kind.Replace(' ', '-')}@example.org" },
            department = "EDD",
            workUnit = text,
            bargainingUnit = "4",
            classification = "PT II",
            phoneSystems = new[] { "acd" },
            description = text,
        });
        var fetched = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Equal(text.Trim(), fetched.GetProperty("member").GetProperty("name").GetString());
        Assert.Equal(text.Trim(), fetched.GetProperty("workUnit").GetString());
        Assert.Equal(text.Trim(), fetched.GetProperty("description").GetString());

        var noted = await FireOkAsync(mrc, fetched, "add-note", new { text });
        var journal = await GetAsync(mrc, $"/api/claims/{Id(noted)}/journal");
        Assert.Equal(text.Trim(), journal.EnumerateArray().Last().GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task OpenClaim_TenThousandCharacterDescription_IsStoredIntact()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var description = string.Concat(Enumerable.Repeat("Ab9 ÄΩ界 ", 1250));
        var claim = await OpenAsync(mrc, new
        {
            member = new { name = "Long Text", email = "long.text@example.org" },
            department = "FTB",
            workUnit = "Long Unit",
            bargainingUnit = "4",
            classification = "TT",
            phoneSystems = Array.Empty<string>(),
            description,
        });
        Assert.Equal(description.Trim(), (await GetAsync(mrc, $"/api/claims/{Id(claim)}")).GetProperty("description").GetString());
    }

    [Fact]
    public async Task OpenClaim_NulCharacter_Returns400NamingField()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var response = await mrc.PostAsJsonAsync("/api/claims", new
        {
            member = new { name = "Nul\0Name", email = "nul@example.org" },
            department = "FTB",
            workUnit = "Nul Unit",
            bargainingUnit = "4",
            classification = "TT",
            phoneSystems = Array.Empty<string>(),
            description = "x",
        });
        Assert.Equal(["member.name"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Api_HugeJsonBody_Returns413ProblemAndStoresNothing()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var before = (await GetAsync(mrc, "/api/claims?pageSize=1")).GetProperty("total").GetInt32();
        var huge = JsonSerializer.Serialize(new { member = new { name = "Huge", email = "huge@example.org" }, department = "EDD", workUnit = "Huge", bargainingUnit = "4", classification = "x", description = new string('x', 2_000_000) });
        await ProblemAsync(await mrc.PostAsync("/api/claims", new StringContent(huge, Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/claims")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        await ProblemAsync(await mrc.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, (await GetAsync(mrc, "/api/claims?pageSize=1")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Fire_InputOfWrongJsonType_Returns400NamingField()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Wrong Type Unit"));
        var response = await mrc.PostAsync($"/api/claims/{Id(claim)}/actions/add-note", new StringContent($"{{\"expectedVersion\":\"{Version(claim)}\",\"text\":[1,2]}}", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("expectedVersion", ErrorFields(problem));
    }

    [Fact]
    public async Task Pages_MarkupInClaimFields_AreShownEscapedNeverAsMarkup()
    {
        const string Markup = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, new
        {
            member = new { name = "Mallory " + Markup, email = "mallory.pages@example.org" },
            department = "EDD",
            workUnit = "Unit " + Markup,
            bargainingUnit = "4",
            classification = "PT II",
            phoneSystems = new[] { "acd" },
            description = Markup,
        });
        claim = await FireOkAsync(mrc, claim, "add-note", new { text = Markup });

        using var ccwg = factory.CreateClient();
        (await ccwg.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Ccwg, password = AppFactory.Password })).EnsureSuccessStatusCode();
        foreach (var page in new[] { $"/claims/{Id(claim)}", "/claims?search=" + Uri.EscapeDataString(Markup), "/dashboard", "/claims" })
        {
            var html = await ccwg.GetStringAsync(page);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            if (page.StartsWith("/claims/", StringComparison.Ordinal))
            {
                Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task SignIn_Cookie_IsHttpOnlyAndSameSite()
    {
        using var client = factory.CreateClient(new() { HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Ccwg, password = AppFactory.Password });
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ccr.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);

        // Over TLS (as behind any real deployment) the same cookie is marked Secure.
        using var https = factory.CreateClient(new() { HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        var secure = await https.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Ccwg, password = AppFactory.Password });
        Assert.Contains("secure", secure.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ccr.auth=", StringComparison.Ordinal)).ToLowerInvariant(), StringComparison.Ordinal);
    }
}
