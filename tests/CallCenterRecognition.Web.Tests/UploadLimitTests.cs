using System.Net;
using System.Text.Json;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class SmallUploadLimitFactory : IDisposable
{
    public SmallUploadLimitFactory()
    {
        App = new AppFactory();
        App.Settings["Documents:MaxBytes"] = "1024";
    }

    public AppFactory App { get; }

    public void Dispose() => App.Dispose();
}

public sealed class UploadLimitTests(SmallUploadLimitFactory fixture) : IClassFixture<SmallUploadLimitFactory>
{
    private AppFactory Factory => fixture.App;

    private async Task<(HttpClient Rep, JsonElement Claim)> ClaimAsync(string unit)
    {
        var mrc = await Factory.ClientForAsync(Mrc);
        var rep = await Factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await Factory.UserIdAsync(Rep1) });
        return (rep, await FireOkAsync(rep, claim, "accept"));
    }

    private static byte[] PdfOf(int size) => PdfOfSize(size);

    [Theory]
    [InlineData(1025)]
    [InlineData(200_000)]
    public async Task Upload_LargerThanConfiguredLimit_Returns413AndStoresNothing(int size)
    {
        var (rep, claim) = await ClaimAsync("Limit Unit " + size);
        var before = StoredFiles(Factory);

        var response = await UploadAsync(rep, Id(claim), PdfOf(size), "big.pdf");

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1 KB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync(Factory, Id(claim)));
        Assert.Equal(before, StoredFiles(Factory));
    }

    [Fact]
    public async Task Upload_ExactlyAtLimit_IsAccepted()
    {
        var (rep, claim) = await ClaimAsync("Limit Exact Unit");
        var response = await UploadAsync(rep, Id(claim), PdfOf(1024), "exact.pdf");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task MemberUpload_LargerThanLimit_Returns413AndStoresNothing()
    {
        var (rep, claim) = await ClaimAsync("Limit Member Unit");
        var link = JsonDocument.Parse(await (await rep.PostAsync($"/api/claims/{Id(claim)}/member-link", null)).Content.ReadAsStringAsync()).RootElement;
        var token = link.GetProperty("url").GetString()!.Split('/')[^1];
        using var member = Factory.CreateClient();
        var before = StoredFiles(Factory);

        var response = await member.PostAsync($"/api/member/{token}/documents", Form(PdfOf(5000), "big.pdf"));

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await RowsAsync(Factory, Id(claim)));
        Assert.Equal(before, StoredFiles(Factory));
    }
}
