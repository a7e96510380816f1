using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

// The queue's sort and filters live in the address, so a reload or a shared link shows the same list.
[Collection(BrowserCollection.Name)]
public sealed class QueueTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Queue_SortByStage_ChangesTheOrderAndTheAddressKeepsItThroughAReload()
    {
        // Due soonest but later in the workflow, and due later but earlier in the workflow.
        var collecting = await TestClaims.NumberAsync(fixture, await TestClaims.OpenAsync(fixture, "Queue Order Person", "Queue Order Collecting", "rep1@demo.local", accept: true, dueInDays: 2));
        var referred = await TestClaims.NumberAsync(fixture, await TestClaims.OpenAsync(fixture, "Queue Order Person", "Queue Order Referred", "rep1@demo.local", dueInDays: 60));
        await using var rep = await fixture.NewSessionAsync("queue-sort");
        await rep.SignInAsync("rep1@demo.local");
        await rep.GotoAsync("/claims");
        var page = rep.Page;
        var rows = page.Locator("tbody tr");

        await page.GetByLabel("Search by number or member name").FillAsync("Queue Order Person");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync(collecting);
        await Expect(rows.First).ToContainTextAsync("Due this week");
        await Expect(rows.First).ToHaveClassAsync("due-soon");

        await page.GetByLabel("Sort by").SelectOptionAsync("stage");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("[?&]sort=stage(&|$)"));
        await Expect(rows.First).ToContainTextAsync(referred);
        await Expect(rows.Nth(1)).ToContainTextAsync(collecting);
        await rep.CheckPageAsync("queue-sorted-by-stage");

        await page.GetByLabel("Department").SelectOptionAsync("DMV");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("department=DMV"));
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Sort by")).ToHaveValueAsync("stage");
        await Expect(page.GetByLabel("Department")).ToHaveValueAsync("DMV");
        await Expect(page.GetByLabel("Search by number or member name")).ToHaveValueAsync("Queue Order Person");
        await Expect(rows.First).ToContainTextAsync(referred);
        await rep.CheckPageAsync("queue-reloaded");
    }

    [Fact]
    public async Task Queue_Representative_SeesTheirOpenClaimsCountedByStageLinkingToTheFilteredQueue()
    {
        await TestClaims.OpenAsync(fixture, "Queue Count Person", "Queue Count Collecting", "rep2@demo.local", accept: true);
        await using var rep = await fixture.NewSessionAsync("queue-counts");
        await rep.SignInAsync("rep2@demo.local");
        await rep.GotoAsync("/claims");
        var counts = rep.Page.Locator("#my-counts");

        var collecting = counts.Locator("li[data-stage='document-collection']");
        await Expect(collecting).ToContainTextAsync("Document collection");
        var count = int.Parse(await collecting.Locator(".count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count >= 1);
        await rep.CheckPageAsync("queue-counts");

        await collecting.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(rep.Page).ToHaveURLAsync(new Regex("stage=document-collection"));
        await Expect(rep.Page.GetByLabel("Stage")).ToHaveValueAsync("document-collection");
        await Expect(rep.Page.Locator("tbody tr")).ToHaveCountAsync(count);
        await Expect(rep.Page.Locator("tbody tr").First).ToContainTextAsync("Document collection");
        await rep.CheckPageAsync("queue-counts-followed");
    }
}
