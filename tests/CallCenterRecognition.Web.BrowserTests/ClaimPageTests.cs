using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

// The claim page puts the next step first, fits the window, and keeps itself current after an upload.
[Collection(BrowserCollection.Name)]
public sealed class ClaimPageTests(BrowserFixture fixture)
{
    private const string Rep1 = "rep1@demo.local";

    private static readonly string LongName = string.Concat(Enumerable.Repeat("Duty_statement_Program_Technician_II_", 5)) + "final.pdf";

    [Fact]
    public async Task ClaimPage_TenDocumentsAndAFiledPacket_FitsThePhoneAndTheDesktopWindow()
    {
        var claimId = await FiledClaimWithTenDocumentsAsync("Wide Values Unit");
        foreach (var (width, height) in new[] { (390, 844), (1280, 900) })
        {
            await using var rep = await fixture.NewSessionAsync($"claim-page-{width}", width, height);
            await rep.SignInAsync(Rep1);
            await rep.GotoAsync($"/claims/{claimId}");
            await Expect(rep.Page.Locator("#document-list tbody tr[data-document]")).ToHaveCountAsync(10);
            await Expect(rep.Page.Locator("#document-list")).ToContainTextAsync(LongName);
            await Expect(rep.Page.Locator("#packet code.hash")).ToBeVisibleAsync();
            await rep.Page.Locator("#all-reminders summary").ClickAsync();
            var wide = await rep.Page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 12).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' | ')");
            Assert.True(await rep.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"the claim page is wider than {width}px: {wide}");
            await rep.CheckPageAsync($"filed-{width}");
        }
    }

    [Fact]
    public async Task Withdraw_WithoutTheTickedBox_ChangesNothingAndSaysWhyThenWithdrawsWithIt()
    {
        var claimId = await FiledClaimWithTenDocumentsAsync("Withdraw Confirm Unit");
        await using var rep = await fixture.NewSessionAsync("claim-withdraw");
        await rep.SignInAsync(Rep1);
        await rep.GotoAsync($"/claims/{claimId}");
        var page = rep.Page;
        var withdraw = page.Locator("details.action[data-action='withdraw']");
        await Expect(withdraw).Not.ToHaveJSPropertyAsync("open", true);
        await withdraw.Locator("summary").ClickAsync();
        await withdraw.GetByLabel("Reason").FillAsync("The member left the unit.");
        var refused = await page.RunAndWaitForResponseAsync(
            () => withdraw.GetByRole(AriaRole.Button, new() { Name = "Withdraw the claim" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#withdraw-confirm-error")).ToContainTextAsync("Tick the box");
        await Expect(page.Locator("#stage-badge")).ToHaveTextAsync("CalHR review");
        await Expect(withdraw.GetByLabel("Reason")).ToHaveValueAsync("The member left the unit.");
        // Chromium logs the refused post's 400 itself, as a console error that may arrive after the response.
        await page.WaitForLoadStateAsync(LoadState.Load);
        rep.ConsoleErrors.RemoveAll(e => e.Contains("status of 400", StringComparison.Ordinal));
        await rep.CheckPageAsync("withdraw-unconfirmed");
        Assert.Equal("calhr-review", await StageAsync(claimId));

        await withdraw.GetByLabel(new Regex("cannot be undone")).CheckAsync();
        await withdraw.GetByRole(AriaRole.Button, new() { Name = "Withdraw the claim" }).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Done: Withdraw the claim.");
        await Expect(page.Locator("#summary-outcome")).ToContainTextAsync("Withdrawn");
        await Expect(page.Locator("#summary-due")).ToHaveCountAsync(0);
        await Expect(page.Locator("#packet")).Not.ToContainTextAsync("Build a new draft");
        await Expect(page.Locator("#packet")).ToContainTextAsync("Download the filed packet");
        await rep.CheckPageAsync("withdrawn");
        Assert.Equal("withdrawn", await StageAsync(claimId));
    }

    [Fact]
    public async Task ScriptedUpload_EssentialEvidenceArrives_WarningChecklistAndHistoryUpdateWithoutReload()
    {
        var claimId = await ClaimInDocumentCollectionAsync("Live Upload Unit");
        await using var rep = await fixture.NewSessionAsync("claim-live-upload");
        await rep.SignInAsync(Rep1);
        await rep.GotoAsync($"/claims/{claimId}");
        var page = rep.Page;

        // The stage's primary action comes first and open; the others wait, collapsed.
        var first = page.Locator("details[data-action]").First;
        await Expect(first).ToHaveAttributeAsync("data-action", "file-grievance");
        await Expect(first).ToHaveJSPropertyAsync("open", true);
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Preview the packet before filing" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("details[data-action][open]:not([data-action='file-grievance'])").CountAsync());
        await Expect(page.Locator("#summary-due")).ToContainTextAsync(new Regex(@"\d+ days? left|due today"));
        await Expect(page.Locator("#missing-evidence")).ToBeVisibleAsync();
        await rep.CheckPageAsync("document-collection");

        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var upload = page.Locator("form[data-upload]");
        foreach (var (category, name) in new[] { ("duty-statements", "duty statement.pdf"), ("org-charts", "org chart.pdf") })
        {
            await upload.GetByLabel("Category").SelectOptionAsync(category);
            await upload.GetByLabel(new Regex("^File")).SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/pdf", Buffer = SampleFiles.Pdf(name) });
            await upload.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
            await Expect(upload.Locator(".upload-status")).ToHaveTextAsync($"Uploaded {name}.");
            await Expect(page.Locator("#journal")).ToContainTextAsync(name);
            await Expect(upload.Locator(".upload-progress")).ToBeHiddenAsync();
        }

        await Expect(page.Locator("#missing-evidence")).ToHaveCountAsync(0);
        await Expect(page.Locator("#checklist li[data-category='org-charts']")).ToHaveAttributeAsync("data-covered", "true");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page reloaded");
        await rep.CheckPageAsync("evidence-uploaded");
    }

    private Task<string> StageAsync(Guid claimId) =>
        fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => c.Id == claimId).Select(c => c.Stage).SingleAsync());

    private async Task<Guid> ClaimInDocumentCollectionAsync(string workUnit)
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl });
        var mrc = await TokenAsync(context.APIRequest, "mrc@demo.local");
        var rep = await TokenAsync(context.APIRequest, Rep1);
        var claim = await JsonAsync(await context.APIRequest.PostAsync("/api/claims", new()
        {
            Headers = Bearer(mrc),
            DataObject = new
            {
                member = new { name = "Jordan Lee", email = "jordan.lee@example.org", phone = "916-555-0142" },
                department = "FTB",
                workUnit,
                bargainingUnit = "4",
                classification = "Program Technician II",
                phoneSystems = new[] { "desk-phone", "acd", "cti" },
                description = "Answers taxpayer calls from an ACD queue with scripts.",
            },
        }), 201);
        var id = claim.GetProperty("id").GetGuid();
        claim = await FireAsync(context.APIRequest, mrc, claim, "refer", new() { ["representativeId"] = await fixture.UserIdAsync(Rep1) });
        await FireAsync(context.APIRequest, rep, claim, "accept", []);
        return id;
    }

    private async Task<Guid> FiledClaimWithTenDocumentsAsync(string workUnit)
    {
        var id = await ClaimInDocumentCollectionAsync(workUnit);
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl });
        var rep = await TokenAsync(context.APIRequest, Rep1);
        var categories = new[] { "duty-statements", "org-charts", "training-materials", "phone-codes", "quality-assessments", "emails", "customer-surveys", "phone-system", "performance-documents", "web-pages" };
        for (var i = 0; i < categories.Length; i++)
        {
            var form = context.APIRequest.CreateFormData();
            form.Set("category", categories[i]);
            var name = i == 0 ? LongName : $"Evidence {i + 1}.pdf";
            form.Set("file", new FilePayload { Name = name, MimeType = "application/pdf", Buffer = SampleFiles.Pdf(name) });
            await JsonAsync(await context.APIRequest.PostAsync($"/api/claims/{id}/documents", new() { Headers = Bearer(rep), Multipart = form }), 201);
        }

        var claim = await JsonAsync(await context.APIRequest.GetAsync($"/api/claims/{id}", new() { Headers = Bearer(rep) }), 200);
        var filedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await FireAsync(context.APIRequest, rep, claim, "file-grievance", new() { ["filedOn"] = filedOn });
        return id;
    }

    private static async Task<JsonElement> FireAsync(IAPIRequestContext request, string token, JsonElement claim, string action, Dictionary<string, object> inputs)
    {
        inputs["expectedVersion"] = claim.GetProperty("version").GetInt32();
        return await JsonAsync(await request.PostAsync($"/api/claims/{claim.GetProperty("id").GetGuid()}/actions/{action}", new() { Headers = Bearer(token), DataObject = inputs }), 200);
    }

    private static async Task<string> TokenAsync(IAPIRequestContext request, string email)
    {
        var body = await JsonAsync(await request.PostAsync("/api/auth/login", new() { DataObject = new { email, password = BrowserFixture.Password } }), 200);
        return body.GetProperty("accessToken").GetString()!;
    }

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    private static async Task<JsonElement> JsonAsync(IAPIResponse response, int expected)
    {
        var text = await response.TextAsync();
        Assert.True(response.Status == expected, $"{response.Url}: {response.Status} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
