using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Inputs a probe found answered with 500 (or the wrong page): each is now 400 naming the field, and nothing changes.
public sealed class EdgeInputTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string ValidClaim =
        """{"member":{"name":"Pat Member","email":"pat@example.org"},"department":"EDD","workUnit":"WORK","bargainingUnit":"4","classification":"Program Technician II","phoneSystems":PHONES,"description":"Answers calls."}""";

    private static HttpContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpContent Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    private async Task<int> ClaimCountAsync() => await factory.WithDbAsync(db => Task.FromResult(db.Claims.Count()));

    private async Task<JsonElement> RefusedAsync(HttpClient client, string url, HttpContent body, string field)
    {
        var response = await client.PostAsync(url, body);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ErrorFields(problem));
        return problem;
    }

    [Fact]
    public async Task OpenClaim_PhoneSystemsHoldingNull_Returns400NamingPhoneSystems()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var before = await ClaimCountAsync();

        await RefusedAsync(mrc, "/api/claims", Json(ValidClaim.Replace("WORK", "Null Phones").Replace("PHONES", "[null]")), "phoneSystems");

        Assert.Equal(before, await ClaimCountAsync());
    }

    [Fact]
    public async Task OpenClaim_LoneSurrogateInWorkUnit_Returns400NamingWorkUnit()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var before = await ClaimCountAsync();

        await RefusedAsync(mrc, "/api/claims", Json(ValidClaim.Replace("WORK", "Unit \\ud800").Replace("PHONES", "[\"acd\"]")), "workUnit");

        Assert.Equal(before, await ClaimCountAsync());
    }

    [Fact]
    public async Task OpenClaim_InvalidUtf8InMemberName_Returns400NamingMemberName()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var before = await ClaimCountAsync();
        var body = Encoding.UTF8.GetBytes(ValidClaim.Replace("Pat Member", "Pat \u0001").Replace("WORK", "Bad Bytes").Replace("PHONES", "[]"));
        body[Array.IndexOf(body, (byte)1)] = 0xC3;

        await RefusedAsync(mrc, "/api/claims", Json([.. body[..Array.IndexOf(body, (byte)0xC3)], 0xC3, 0x28, .. body[(Array.IndexOf(body, (byte)0xC3) + 1)..]]), "member.name");

        Assert.Equal(before, await ClaimCountAsync());
    }

    [Fact]
    public async Task FireAction_LoneSurrogateInNote_Returns400NamingText()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Surrogate Note"));

        await RefusedAsync(mrc, $"/api/claims/{Id(claim)}/actions/add-note", Json($$"""{"expectedVersion":{{Version(claim)}},"text":"note \udc00 here"}"""), "text");

        Assert.Equal(Version(claim), Version(await GetAsync(mrc, $"/api/claims/{Id(claim)}")));
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("today+731")]
    public async Task ExtendDeadline_UntilOutsideBounds_Returns400NamingUntil(string until)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim("Extend " + until));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        var date = until == "today+731" ? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(732).ToString("yyyy-MM-dd") : until;

        var problem = await ProblemAsync(await FireAsync(rep, claim, "extend-deadline", new { until = date, reason = "agreed" }), HttpStatusCode.BadRequest);

        Assert.Contains("until", ErrorFields(problem));
        Assert.Equal(Version(claim), Version(await GetAsync(rep, $"/api/claims/{Id(claim)}")));
    }

    [Theory]
    [InlineData("1999-12-31", "on or after 2000-01-01")]
    [InlineData("future", "on or before")]
    public async Task FileGrievance_FiledOnOutsideBounds_Returns400NamingFiledOn(string filedOn, string expected)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim("Filed " + filedOn));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        var date = filedOn == "future" ? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd") : filedOn;

        var problem = await ProblemAsync(
            await FireAsync(rep, claim, "file-grievance", new { filedOn = date, confirmMissingEvidence = "true" }), HttpStatusCode.BadRequest);

        Assert.Contains(expected, string.Join(" ", problem.GetProperty("errors").GetProperty("filedOn").EnumerateArray().Select(e => e.GetString())), StringComparison.Ordinal);
        Assert.Equal(Version(claim), Version(await GetAsync(rep, $"/api/claims/{Id(claim)}")));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public async Task ListClaims_PageBeyondLast_ReturnsEmptyItems(int page)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        await OpenAsync(mrc, NewClaim("Paging " + page));

        var list = await GetAsync(mrc, $"/api/claims?page={page}&pageSize=5");

        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(page, list.GetProperty("page").GetInt32());
        Assert.True(list.GetProperty("total").GetInt32() >= 1);
    }
}
