using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

// The member's page on a phone: no sideways scroll, who to contact, several files at once with a progress row each.
[Collection(BrowserCollection.Name)]
public sealed class MemberPageTests(BrowserFixture fixture)
{
    private const string NoSidewaysScroll = "() => document.documentElement.scrollWidth <= window.innerWidth";

    [Theory]
    [InlineData(320, 640)]
    [InlineData(390, 844)]
    public async Task MemberPage_PhoneWidth_NoSidewaysScrollAndTheRepresentativeIsNamed(int width, int height)
    {
        var claimId = await TestClaims.OpenAsync(fixture, "Width Tester", $"Member Page Width {width} Contact Unit With A Long Name", "rep1@demo.local", accept: true);
        var path = await TestClaims.MemberPathAsync(fixture, claimId, "rep1@demo.local");
        await using var member = await fixture.NewSessionAsync($"member-{width}", width, height);

        await member.GotoAsync(path);

        await Expect(member.Page.Locator("#representative-name")).ToHaveTextAsync("Raymond Chen");
        await Expect(member.Page.Locator("#contact")).ToContainTextAsync("rep1@demo.local");
        await Expect(member.Page.Locator("#contact")).ToContainTextAsync("(916) 555-0141");
        await Expect(member.Page.GetByText("Take a photo or choose a file")).ToBeVisibleAsync();
        Assert.True(await member.Page.EvaluateAsync<bool>(NoSidewaysScroll), $"Sideways scroll at {width} px");
        await member.CheckPageAsync($"member-{width}px");
    }

    // Spanish words run longer than English ones: the phone-sized page must still fit, pass axe-core and send in Spanish.
    [Fact]
    public async Task MemberPage_SpanishAt320Px_PassesAxeNoOverflowAndSendsInSpanish()
    {
        var claimId = await TestClaims.OpenAsync(fixture, "Spanish Tester", "Member Page Spanish Unit With A Long Name", "rep1@demo.local", accept: true, language: "es");
        var path = await TestClaims.MemberPathAsync(fixture, claimId, "rep1@demo.local");
        await using var member = await fixture.NewSessionAsync("member-es-320", 320, 640);
        var page = member.Page;

        await member.GotoAsync(path);

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.Locator("#claim-stage")).ToHaveTextAsync("Reunión de documentos");
        await Expect(page.Locator("#contact-heading")).ToHaveTextAsync("Su representante");
        await Expect(page.GetByText("Tome una foto o elija un archivo")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), "Sideways scroll in Spanish at 320 px");
        Assert.Equal(string.Empty, await AxeFailuresAsync(page));
        await member.CheckPageAsync("member-es-320px");

        var form = page.Locator("#member-upload");
        await form.GetByLabel("¿Qué documento es?").SelectOptionAsync("org-charts");
        await form.GetByLabel("Tome una foto o elija un archivo").SetInputFilesAsync(new FilePayload { Name = "organigrama.png", MimeType = "image/png", Buffer = SampleFiles.Png() });
        await form.GetByRole(AriaRole.Button, new() { Name = "Enviar" }).ClickAsync();
        await Expect(form.Locator(".upload-row .outcome")).ToHaveTextAsync("Recibido");
        await Expect(page.Locator("#upload-result")).ToHaveTextAsync("Gracias: recibimos organigrama.png.");
        await Expect(page.Locator("#checklist li[data-category='org-charts'] .visually-hidden")).ToHaveTextAsync("recibido");
        Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), "Sideways scroll after a Spanish upload");
        await member.CheckPageAsync("member-es-uploaded");

        // The member switches to Traditional Chinese; the choice sticks on reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "中文（繁體）" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hant");
        await Expect(page.Locator("#claim-stage")).ToHaveTextAsync("收集文件");
        await page.ReloadAsync();
        await Expect(page.Locator("#checklist-heading")).ToHaveTextAsync("有幫助的文件");
        Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), "Sideways scroll in Chinese at 320 px");
        Assert.Equal(string.Empty, await AxeFailuresAsync(page));
        await member.CheckPageAsync("member-zh-320px");
    }

    // The same WCAG 2.1 A/AA run as AccessibilityTests: every serious or critical violation, one line each.
    private static async Task<string> AxeFailuresAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            Rules = new Dictionary<string, RuleOptions> { ["label-content-name-mismatch"] = new() { Enabled = true } },
        });
        Assert.Contains(result.Passes.Concat(result.Violations).Concat(result.Incomplete), r => r.Id == "color-contrast");
        return string.Join("\n", result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} [{v.Impact}] {v.Help} -> {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()).Take(8))}"));
    }

    [Fact]
    public async Task MemberPage_NoRepresentativeYet_NamesTheMrc()
    {
        var claimId = await TestClaims.OpenAsync(fixture, "No Rep Tester", "Member Page No Rep Unit");
        var path = await TestClaims.MemberPathAsync(fixture, claimId, "mrc@demo.local");
        await using var member = await fixture.NewSessionAsync("member-no-rep", 320, 640);

        await member.GotoAsync(path);

        await Expect(member.Page.Locator("#contact")).ToContainTextAsync("Member Resource Center");
        await Expect(member.Page.Locator("#representative-name")).ToHaveCountAsync(0);
        await member.CheckPageAsync("member-no-rep");
    }

    [Fact]
    public async Task MemberUpload_TwoFilesAtOnceAt320Px_TwoProgressRowsResultOnTopAndChecklistTicksWithoutReload()
    {
        var claimId = await TestClaims.OpenAsync(fixture, "Upload Tester", "Member Page Upload Unit", "rep1@demo.local", accept: true);
        var path = await TestClaims.MemberPathAsync(fixture, claimId, "rep1@demo.local");
        await using var member = await fixture.NewSessionAsync("member-upload-two", 320, 640);
        await member.GotoAsync(path);
        var page = member.Page;
        await Expect(page.Locator("#checklist li[data-category='org-charts']")).ToHaveAttributeAsync("data-covered", "false");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        var form = page.Locator("#member-upload");
        await form.GetByLabel("What is it?").SelectOptionAsync("org-charts");
        await form.GetByLabel("Take a photo or choose a file").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "org chart.png", MimeType = "image/png", Buffer = SampleFiles.Png() },
            new FilePayload { Name = "org chart page 2 with a rather long file name.pdf", MimeType = "application/pdf", Buffer = SampleFiles.Pdf("Org chart, page 2", 200_000) },
        });
        await Expect(form.Locator(".upload-chosen li")).ToHaveCountAsync(2);
        await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var rows = form.Locator(".upload-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator(".outcome")).ToHaveTextAsync("Received");
        await Expect(rows.Nth(1).Locator(".outcome")).ToHaveTextAsync("Received");
        await Expect(rows.Nth(0)).ToContainTextAsync("org chart.png");
        await Expect(rows.Nth(1).Locator(".percent")).ToHaveTextAsync("100%");
        await Expect(rows.Nth(1).Locator("progress")).ToHaveJSPropertyAsync("value", 100);
        var result = page.Locator("#upload-result");
        await Expect(result).ToHaveTextAsync("Thank you: org chart.png, org chart page 2 with a rather long file name.pdf were received.");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('upload-result').getBoundingClientRect().top < document.getElementById('claim-number').getBoundingClientRect().top"), "The result is above the claim.");
        await Expect(page.Locator("#checklist li[data-category='org-charts']")).ToHaveAttributeAsync("data-covered", "true");
        await Expect(page.Locator("#checklist li[data-category='org-charts'] .visually-hidden")).ToHaveTextAsync("received");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "The page was not reloaded.");
        Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), "Sideways scroll after the upload");
        await member.CheckPageAsync("member-two-uploaded");

        // A refused file says so in its row and at the top; the checklist stays as it was.
        await form.GetByLabel("What is it?").SelectOptionAsync("phone-codes");
        await form.GetByLabel("Take a photo or choose a file").SetInputFilesAsync(new FilePayload { Name = "tool.pdf", MimeType = "application/pdf", Buffer = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0] });
        await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator(".outcome")).ToHaveTextAsync("Not saved");
        await Expect(result.Locator(".alert.error")).ToContainTextAsync("tool.pdf was not saved");
        await Expect(page.Locator("#checklist li[data-category='phone-codes']")).ToHaveAttributeAsync("data-covered", "false");
        member.ConsoleErrors.Clear(); // Chromium logs the 415 of the refused request itself.
        await member.CheckPageAsync("member-refused");
    }

    [Fact]
    public async Task MemberUpload_WithoutScript_TwoFilesInOnePlainPost()
    {
        var claimId = await TestClaims.OpenAsync(fixture, "No Script Tester", "Member Page No Script Unit", "rep1@demo.local", accept: true);
        var path = await TestClaims.MemberPathAsync(fixture, claimId, "rep1@demo.local");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl,
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 320, Height = 640 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.GetByLabel("What is it?").SelectOptionAsync("duty-statements");
        await page.GetByLabel("Take a photo or choose a file").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "duty 1.pdf", MimeType = "application/pdf", Buffer = SampleFiles.Pdf("Duty statement", 10_000) },
            new FilePayload { Name = "duty 2.png", MimeType = "image/png", Buffer = SampleFiles.Png() },
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"\?uploaded=2$"));
        await Expect(page.Locator("#upload-result")).ToHaveTextAsync("Thank you: your 2 files were received.");
        await Expect(page.Locator("#checklist li[data-category='duty-statements']")).ToHaveAttributeAsync("data-covered", "true");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Screenshots, "member-no-script-01-uploaded.png"), FullPage = true });
    }
}
