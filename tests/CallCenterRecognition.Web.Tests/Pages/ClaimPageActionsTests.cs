using System.Globalization;
using System.Net;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests.Pages;

// The claim page's action forms as posted without script: the primary action first, ending actions confirmed on the server.
public sealed class ClaimPageActionsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Withdraw_WithoutConfirmationOrReason_Is400AndChangesNothing()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Page Withdraw Unit"));
        var page = await PageForms.SignedInClientAsync(factory, Mrc);
        var token = await PageForms.TokenAsync(page, $"/claims/{Id(claim)}");
        Dictionary<string, string> Fields(bool confirm, string reason)
        {
            var fields = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["actionId"] = "withdraw",
                ["expectedVersion"] = Version(claim).ToString(CultureInfo.InvariantCulture),
                ["in.reason"] = reason,
            };
            if (confirm)
            {
                fields["confirmEnd"] = "true";
            }

            return fields;
        }

        var unticked = await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(Fields(false, "Member withdrew.")));
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Contains("id=\"withdraw-confirm-error\"", await unticked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noReason = await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(Fields(true, " ")));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("id=\"withdraw-reason-error\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unchanged = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Equal(("intake", Version(claim)), (Stage(unchanged), Version(unchanged)));

        var done = await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(Fields(true, "Member withdrew.")));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("withdrawn", Stage(await GetAsync(mrc, $"/api/claims/{Id(claim)}")));
        var html = await page.GetStringAsync($"/claims/{Id(claim)}");
        Assert.Contains("id=\"summary-outcome\">Withdrawn", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"summary-due\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimPage_CalHrReview_PrimaryActionFirstAndOpenChoicesInWordsPhoneSystemsNamed()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim("Page Primary Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = true });
        var page = await PageForms.SignedInClientAsync(factory, Rep1);

        var html = await page.GetStringAsync($"/claims/{Id(claim)}");

        var first = html.IndexOf("data-action=", StringComparison.Ordinal);
        Assert.StartsWith("data-action=\"record-decision\"", html[first..], StringComparison.Ordinal);
        Assert.Contains("<details class=\"action primary-action\" open=\"open\" data-action=\"record-decision\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"recognized\">Recognized</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"denied\">Denied</option>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>ACD, CTI</dd>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"summary-due\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"all-reminders\"", html, StringComparison.Ordinal);
    }
}
