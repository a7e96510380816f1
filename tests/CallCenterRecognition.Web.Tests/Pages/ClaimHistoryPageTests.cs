using System.Net;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests.Pages;

// The history on the claim page says what was recorded in words, with dates written the one way the app writes them.
public sealed class ClaimHistoryPageTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ClaimPage_FiledAndDecided_HistoryShowsDatesYesAndStageNamesNotRawValues()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim("History Words Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = true });
        await FireOkAsync(rep, claim, "record-decision", new { outcome = "recognized", decidedOn = "2026-12-01" });
        var browser = await PageForms.SignedInClientAsync(factory, Rep1);

        var page = await browser.GetAsync($"/claims/{Id(claim)}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<dt>Filed on</dt>", html, StringComparison.Ordinal);
        Assert.Contains(">Fri 20 Nov 2026</dd>", html, StringComparison.Ordinal);
        Assert.Contains(">Tue 1 Dec 2026</dd>", html, StringComparison.Ordinal);
        Assert.Contains(">Yes</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Outcome</dt>", html, StringComparison.Ordinal);
        Assert.Contains(">Recognized</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">2026-11-20</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">true</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">recognized</dd>", html, StringComparison.Ordinal);
    }
}
