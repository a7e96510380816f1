using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class UnitIntakeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Intake_RecognizedUnit_ShowsStatusAndOpensDifferentialFollowUp()
    {
        var unit = $"Title Line {Guid.NewGuid():N}"[..19];
        var first = await TestClaims.OpenAsync(fixture, "Nora Winner", unit, representative: "rep1@demo.local", accept: true);
        await TestClaims.RecognizeAsync(fixture, first);

        await using var mrc = await fixture.NewSessionAsync("unit-intake-mrc", width: 390, height: 844);
        await mrc.SignInAsync("mrc@demo.local");
        await mrc.GotoAsync("/intake");
        var page = mrc.Page;
        await page.GetByLabel("Name").FillAsync("Omar Third");
        await page.GetByLabel("E-mail").FillAsync("omar.third@example.org");
        await page.GetByLabel("Department").FillAsync("DMV");
        await page.GetByLabel("Work unit").PressSequentiallyAsync(unit.ToLowerInvariant());

        var status = page.Locator("#unit-status");
        await Expect(status).ToContainTextAsync("Recognized call center");
        await Expect(status).ToContainTextAsync("needs no grievance");
        var submit = page.Locator("#intake-submit");
        await Expect(submit).ToHaveTextAsync("Open a differential follow-up");
        await mrc.CheckPageAsync("intake-recognized-unit");

        await page.GetByLabel("Bargaining unit").SelectOptionAsync("4");
        await page.GetByLabel("Classification").FillAsync("Motor Vehicle Representative");
        await page.GetByLabel("What the unit does").FillAsync("Answers the public's calls about titles all day.");
        await submit.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/claims/[0-9a-f-]+$"));
        await Expect(page.Locator("#stage-badge")).ToHaveTextAsync("Checking pay");
        await Expect(page.Locator("#grievants")).ToContainTextAsync("Recognized call center");
        await Expect(page.Locator("#grievants")).ToContainTextAsync("Omar Third");
        await mrc.CheckPageAsync("follow-up-opened");
    }

    [Fact]
    public async Task Intake_UnitWithOpenClaim_AddsMemberAsGrievantInOneClick()
    {
        var unit = $"Plates Desk {Guid.NewGuid():N}"[..20];
        var claimId = await TestClaims.OpenAsync(fixture, "Lena First", unit, representative: "rep1@demo.local");
        var number = await TestClaims.NumberAsync(fixture, claimId);

        await using var mrc = await fixture.NewSessionAsync("unit-join-mrc");
        await mrc.SignInAsync("mrc@demo.local");
        await mrc.GotoAsync("/intake");
        var page = mrc.Page;
        await page.GetByLabel("Name").FillAsync("Tariq Second");
        await page.GetByLabel("E-mail").FillAsync("tariq.second@example.org");
        await page.GetByLabel("Department").FillAsync("DMV");
        await page.GetByLabel("Work unit").PressSequentiallyAsync(unit);
        var join = page.GetByRole(AriaRole.Button, new() { Name = $"Add this member as a grievant to {number}" });
        await Expect(join).ToBeVisibleAsync();
        await mrc.CheckPageAsync("intake-open-unit");

        await join.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/claims/{claimId}"));
        await Expect(page.Locator("#grievant-list")).ToContainTextAsync("Lena First");
        await Expect(page.Locator("#grievant-list")).ToContainTextAsync("Tariq Second");
        await Expect(page.Locator("#journal")).ToContainTextAsync("Added a grievant");
        await mrc.CheckPageAsync("grievant-joined");
    }
}
