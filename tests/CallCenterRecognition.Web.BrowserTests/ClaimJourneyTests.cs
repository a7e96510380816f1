using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ClaimJourneyTests(BrowserFixture fixture)
{
    private const string SeededUnit = "Unemployment Insurance Call Center, Sacramento";

    [Fact]
    public async Task FullJourney_MrcRepresentativeCcwg_ClaimMovesToRecognizedAndDashboardAndCsvShowIt()
    {
        // CCWG first: the counts before.
        int totalBefore, recognizedBefore;
        await using (var ccwg = await fixture.NewSessionAsync("journey-ccwg-before"))
        {
            await ccwg.SignInAsync("ccwg@demo.local");
            await Expect(ccwg.Page).ToHaveURLAsync(new Regex("/dashboard$"));
            totalBefore = int.Parse(await ccwg.Page.Locator("#stat-total").InnerTextAsync());
            recognizedBefore = int.Parse(await ccwg.Page.Locator("#stat-recognized").InnerTextAsync());
            await ccwg.CheckPageAsync("dashboard");
        }

        // MRC: open a second claim for a unit that already has one; the duplicate warning shows while typing.
        string number, claimUrl;
        await using (var mrc = await fixture.NewSessionAsync("journey-mrc"))
        {
            await mrc.GotoAsync("/claims");
            await Expect(mrc.Page).ToHaveURLAsync(new Regex("/Account/Login"));
            await mrc.CheckPageAsync("sign-in");
            await mrc.FillSignInAsync("mrc@demo.local");
            await Expect(mrc.Page).ToHaveURLAsync(new Regex("/claims$"));
            await mrc.GotoAsync("/intake");
            await mrc.CheckPageAsync("intake-empty");

            var page = mrc.Page;
            await page.GetByLabel("Name").FillAsync("Casey Morgan");
            await page.GetByLabel("Department").FillAsync("EDD");
            await page.GetByLabel("Work unit").PressSequentiallyAsync(SeededUnit.ToLowerInvariant());
            var duplicates = page.Locator("#duplicates");
            await Expect(duplicates).ToContainTextAsync("1 open claim matches");
            await Expect(duplicates).ToContainTextAsync("same unit");
            await Expect(duplicates.GetByRole(AriaRole.Link)).ToHaveTextAsync(new Regex(@"^CC-\d{4}-\d{5}$"));
            await mrc.CheckPageAsync("intake-duplicate-warning");

            // A bad e-mail and a missing description get messages beside those fields, and nothing is saved.
            await page.GetByLabel("E-mail").FillAsync("casey.morgan@");
            await page.GetByLabel("Bargaining unit").SelectOptionAsync("4");
            await page.GetByLabel("Classification").FillAsync("Employment Program Representative");
            await page.GetByLabel("ACD (call queue)").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue to referral" }).ClickAsync();
            await Expect(page.Locator("[data-valmsg-for='Input.MemberEmail']")).ToHaveTextAsync("E-mail is not an e-mail address.");
            await Expect(page.Locator("[data-valmsg-for='Input.Description']")).ToHaveTextAsync("Description is required.");
            await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Casey Morgan");
            await mrc.CheckPageAsync("intake-validation");

            await page.GetByLabel("E-mail").FillAsync("casey.morgan@example.org");
            await page.GetByLabel("What the unit does").FillAsync("Answers claimant calls through the ACD all day, with scripts and break codes.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue to referral" }).ClickAsync();

            // The referral step in the same flow: each representative with their open-claim count.
            await Expect(page).ToHaveURLAsync(new Regex("/intake/[0-9a-f-]+/refer$"));
            number = Regex.Match(await page.Locator("h1").InnerTextAsync(), @"CC-\d{4}-\d{5}").Value;
            Assert.NotEmpty(number);
            var renee = page.GetByLabel(new Regex("Renee Walker"));
            await Expect(page.Locator("label.rep-choice", new() { HasText = "Renee Walker" })).ToContainTextAsync(new Regex(@"\d+ open claim"));
            await mrc.CheckPageAsync("refer");
            await renee.CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Refer", Exact = true }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/claims/[0-9a-f-]+\\?done=refer$"));
            await Expect(page.Locator("#stage-badge")).ToHaveTextAsync("Referral");
            await Expect(page.Locator("#journal")).ToContainTextAsync("Refer to a representative");
            await Expect(page.Locator("#journal")).ToContainTextAsync("Renee Walker");
            await Expect(page.Locator("#related")).ToContainTextAsync("Alex Rivera");
            await Expect(page.Locator("svg.workflow-diagram g.stage.current")).ToHaveAttributeAsync("data-stage", "referral");
            claimUrl = new Uri(page.Url).AbsolutePath;
            await mrc.CheckPageAsync("claim-referred");
            await mrc.SignOutAsync();
        }

        // The representative: finds it in the queue, accepts, files the grievance, records the decision.
        await using (var rep = await fixture.NewSessionAsync("journey-rep2"))
        {
            await rep.SignInAsync("rep2@demo.local");
            await Expect(rep.Page).ToHaveURLAsync(new Regex("/claims$"));
            await Expect(rep.Page.Locator("h1")).ToHaveTextAsync("My claims");
            await rep.CheckPageAsync("queue");
            await rep.Page.GetByLabel("Search by number or member name").FillAsync("casey");
            await rep.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Expect(rep.Page.Locator("tbody tr")).ToHaveCountAsync(1);
            await rep.CheckPageAsync("queue-search");
            await rep.Page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
            await Expect(rep.Page).ToHaveURLAsync(new Regex(Regex.Escape(claimUrl) + "$"));
            await rep.CheckPageAsync("claim-to-accept");

            await FireAsync(rep, "Accept the claim", null);
            await Expect(rep.Page.Locator("#stage-badge")).ToHaveTextAsync("Document collection");
            // No duty statement or org chart was uploaded: filing asks for a confirmation first.
            // Filing first shows the packet as it will go to the employer, then files on a second, explicit click.
            var filing = rep.Page.Locator("details.action", new() { Has = rep.Page.Locator("summary", new() { HasTextString = "File the grievance" }) });
            // Filing is the stage's primary action: first, and already open.
            await Expect(rep.Page.Locator("details[data-action]").First).ToHaveAttributeAsync("data-action", "file-grievance");
            await Expect(filing).ToHaveJSPropertyAsync("open", true);
            await Expect(filing.Locator("#missing-evidence")).ToContainTextAsync("duty statements");
            await filing.GetByLabel("File without them").CheckAsync();
            await filing.GetByRole(AriaRole.Button, new() { Name = "Preview the packet before filing" }).ClickAsync();
            var preview = rep.Page.Locator("#packet-preview");
            await Expect(preview).ToContainTextAsync("The packet as it will be filed");
            await Expect(rep.Page.Locator("#stage-badge")).ToHaveTextAsync("Document collection");
            var firstPage = preview.Locator("img").First;
            await firstPage.ScrollIntoViewIfNeededAsync();
            await Expect(firstPage).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await firstPage.EvaluateAsync<int>("img => img.naturalWidth") > 100, "the preview's first page picture did not load");
            await rep.CheckPageAsync("filing-preview");
            await Expect(filing.GetByLabel("File without them")).ToBeCheckedAsync();
            await filing.GetByRole(AriaRole.Button, new() { Name = "File now: this packet goes to the employer" }).ClickAsync();
            await Expect(rep.Page.Locator(".alert.success")).ToHaveTextAsync("Done: File the grievance.");
            await Expect(rep.Page.Locator("#stage-badge")).ToHaveTextAsync("CalHR review");
            await FireAsync(rep, "Record CalHR's decision", async form => await form.GetByLabel("Outcome").SelectOptionAsync(new SelectOptionValue { Label = "Recognized" }));
            await Expect(rep.Page.Locator("#stage-badge")).ToHaveTextAsync("Recognized");
            // The decision, then what it means for the unit, newest first.
            await Expect(rep.Page.Locator("#journal > li")).ToHaveCountAsync(6);
            await Expect(rep.Page.Locator("#journal > li").First).ToContainTextAsync("The unit's status changed");
            await Expect(rep.Page.Locator("#journal > li").Nth(1)).ToContainTextAsync("Record CalHR's decision");
            // The recorded outcome reads as the stage's name, not the raw choice value.
            await Expect(rep.Page.Locator("#journal > li").Nth(1).Locator("dd", new() { HasTextRegex = new Regex("^Recognized$") })).ToHaveCountAsync(1);
            await Expect(rep.Page.Locator("svg.workflow-diagram g.stage.current")).ToHaveAttributeAsync("data-stage", "recognized");
            await rep.CheckPageAsync("claim-recognized");
            await rep.SignOutAsync();
        }

        // CCWG again: the counts moved and the CSV holds the claim.
        await using (var ccwg = await fixture.NewSessionAsync("journey-ccwg-after"))
        {
            await ccwg.SignInAsync("ccwg@demo.local");
            await Expect(ccwg.Page.Locator("#stat-total")).ToHaveTextAsync((totalBefore + 1).ToString());
            await Expect(ccwg.Page.Locator("#stat-recognized")).ToHaveTextAsync((recognizedBefore + 1).ToString());
            await Expect(ccwg.Page.Locator("#by-department tr[data-department='EDD'] td[data-stage='recognized']")).ToHaveTextAsync("1");
            await ccwg.CheckPageAsync("dashboard-after");

            await ccwg.Page.GetByLabel("Department", new() { Exact = true }).SelectOptionAsync("EDD");
            await ccwg.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Expect(ccwg.Page.Locator("#stat-total")).ToHaveTextAsync("2");
            await ccwg.CheckPageAsync("dashboard-edd");
            var download = await ccwg.Page.RunAndWaitForDownloadAsync(() => ccwg.Page.Locator("#csv-link").ClickAsync());
            Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
            var csv = await File.ReadAllTextAsync(await download.PathAsync());
            var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("number,member,department,workUnit,bargainingUnit,stage,status,representative,openedAt,stageEnteredAt,dueAt,overdue,daysInStage", lines[0]);
            Assert.Equal(3, lines.Length);
            var row = Assert.Single(lines, l => l.StartsWith(number + ",", StringComparison.Ordinal));
            Assert.StartsWith($"{number},Casey Morgan,EDD,\"{SeededUnit.ToLowerInvariant()}\",4,recognized,open,Renee Walker,", row, StringComparison.Ordinal);
            Assert.All(lines.Skip(1), l => Assert.Contains(",EDD,", l, StringComparison.Ordinal));
        }
    }

    private static async Task FireAsync(Session session, string action, Func<ILocator, Task>? fill)
    {
        var details = session.Page.Locator("details.action", new() { Has = session.Page.Locator("summary", new() { HasTextString = action }) });
        // The stage's primary action is open already; another opens on its summary.
        if (!await details.EvaluateAsync<bool>("d => d.open"))
        {
            await details.Locator("summary").ClickAsync();
        }

        var form = details.Locator("form");
        if (fill is not null)
        {
            await fill(form);
        }

        await session.ScreenshotAsync("form-" + action);
        await form.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await Expect(session.Page.Locator(".alert.success")).ToHaveTextAsync($"Done: {action}.");
    }
}
