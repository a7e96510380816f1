using System.Net;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

// Who looked at a member's data: staff reads are recorded, and only administrators read the record.
public sealed class AccessLogTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<JsonElement> ReferredClaimAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        return await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
    }

    private async Task<JsonElement[]> LogAsync(string claimId)
    {
        var admin = await factory.ClientForAsync(Admin);
        return [.. (await GetAsync(admin, $"/api/claims/{claimId}/access-log")).GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task OpenClaim_AsRepresentativeThenMrc_AdminReadsWhoAndWhatNewestFirst()
    {
        var claim = await ReferredClaimAsync("Access Log Open Unit");
        Assert.Empty(await LogAsync(Id(claim)));

        await GetAsync(await factory.ClientForAsync(Rep1), $"/api/claims/{Id(claim)}");
        await GetAsync(await factory.ClientForAsync(Mrc), $"/api/claims/{Id(claim)}");

        var items = await LogAsync(Id(claim));
        Assert.Equal(2, items.Length);
        Assert.Equal(await factory.UserIdAsync(Mrc), items[0].GetProperty("userId").GetString());
        Assert.Equal(await factory.UserIdAsync(Rep1), items[1].GetProperty("userId").GetString());
        Assert.Equal("Raymond Chen", items[1].GetProperty("userName").GetString());
        Assert.All(items, i => Assert.Equal("claim-viewed", i.GetProperty("action").GetString()));
        Assert.True(items[1].GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("documentId").ValueKind);
    }

    [Fact]
    public async Task OpenClaim_TwelveViewsAtOnce_EachRecordedOnce()
    {
        var claim = await ReferredClaimAsync("Access Log Concurrent Unit");
        var mrc = await factory.ClientForAsync(Mrc);

        var views = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => mrc.GetAsync($"/api/claims/{Id(claim)}")));

        Assert.All(views, v => Assert.Equal(HttpStatusCode.OK, v.StatusCode));
        Assert.Equal(12, (await LogAsync(Id(claim))).Count(i => i.GetProperty("action").GetString() == "claim-viewed"));
    }

    [Fact]
    public async Task Downloads_DocumentPacketAndZip_AreRecordedWithTheirIds()
    {
        var claim = await ReferredClaimAsync("Access Log Download Unit");
        var rep = await factory.ClientForAsync(Rep1);
        claim = await FireOkAsync(rep, claim, "accept");
        var uploaded = await UploadAsync(rep, Id(claim), Pdf("duty statement for the access log"), "duty-statement.pdf");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var documentId = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        foreach (var url in new[] { $"/api/claims/{Id(claim)}/documents/{documentId}/content", $"/api/claims/{Id(claim)}/packet.pdf", $"/api/claims/{Id(claim)}/packet.zip" })
        {
            var response = await rep.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        }

        var items = await LogAsync(Id(claim));
        Assert.Equal(["packet-zip-downloaded", "packet-downloaded", "document-downloaded"], items.Select(i => i.GetProperty("action").GetString()));
        Assert.Equal(documentId, items[2].GetProperty("documentId").GetString());
        Assert.Equal("duty-statement.pdf", items[2].GetProperty("fileName").GetString());
        Assert.EndsWith("-packet-draft.pdf", items[1].GetProperty("fileName").GetString(), StringComparison.Ordinal);
        Assert.All(items, i => Assert.Equal("Raymond Chen", i.GetProperty("userName").GetString()));
    }

    [Theory]
    [InlineData(Rep1)]
    [InlineData(Mrc)]
    [InlineData(Ccwg)]
    public async Task AccessLog_AsNonAdmin_Returns403(string email)
    {
        var claim = await ReferredClaimAsync("Access Log Refused Unit " + email);

        var response = await (await factory.ClientForAsync(email)).GetAsync($"/api/claims/{Id(claim)}/access-log");

        await ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AccessLog_UnknownClaim_Returns404()
    {
        var admin = await factory.ClientForAsync(Admin);

        var response = await admin.GetAsync($"/api/claims/{Guid.NewGuid()}/access-log");

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AccessLog_PagedBeyondTheLast_ReturnsEmptyItemsAndTheTotal()
    {
        var claim = await ReferredClaimAsync("Access Log Paging Unit");
        var rep = await factory.ClientForAsync(Rep1);
        for (var i = 0; i < 3; i++)
        {
            await GetAsync(rep, $"/api/claims/{Id(claim)}");
        }

        var admin = await factory.ClientForAsync(Admin);
        var second = await GetAsync(admin, $"/api/claims/{Id(claim)}/access-log?page=2&pageSize=2");
        var beyond = await GetAsync(admin, $"/api/claims/{Id(claim)}/access-log?page=9&pageSize=2");

        Assert.Equal(3, second.GetProperty("total").GetInt32());
        Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        await ProblemAsync(await admin.GetAsync($"/api/claims/{Id(claim)}/access-log?pageSize=0"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ClaimPage_OpenedByRepresentative_AdminSeesWhoLookedRepresentativeSeesNoneOfIt()
    {
        var claim = await ReferredClaimAsync("Access Log Page Unit");
        var repBrowser = await PageForms.SignedInClientAsync(factory, Rep1);
        var adminBrowser = await PageForms.SignedInClientAsync(factory, Admin);

        var repPage = await (await repBrowser.GetAsync($"/claims/{Id(claim)}")).Content.ReadAsStringAsync();
        var adminResponse = await adminBrowser.GetAsync($"/claims/{Id(claim)}");
        var adminPage = await adminResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
        Assert.Contains("id=\"access-log\"", adminPage, StringComparison.Ordinal);
        Assert.Contains("2 reads", adminPage, StringComparison.Ordinal);
        Assert.Contains("Opened the claim</strong> — Raymond Chen", adminPage, StringComparison.Ordinal);
        Assert.Equal(await factory.UserIdAsync(Rep1), (await LogAsync(Id(claim)))[1].GetProperty("userId").GetString());
        Assert.DoesNotContain("access-log", repPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Who looked", repPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLogRows_UpdateOrDelete_AreRefusedByTheDatabase()
    {
        var claim = await ReferredClaimAsync("Access Log Append Only Unit");
        await GetAsync(await factory.ClientForAsync(Rep1), $"/api/claims/{Id(claim)}");
        var claimId = Guid.Parse(Id(claim));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => factory.WithDbAsync(db =>
            db.Set<AccessLogRow>().Where(r => r.ClaimId == claimId).ExecuteUpdateAsync(s => s.SetProperty(r => r.UserName, "someone else"))));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => factory.WithDbAsync(db =>
            db.Set<AccessLogRow>().Where(r => r.ClaimId == claimId).ExecuteDeleteAsync()));

        var items = await LogAsync(Id(claim));
        Assert.Equal("Raymond Chen", Assert.Single(items).GetProperty("userName").GetString());
    }
}
