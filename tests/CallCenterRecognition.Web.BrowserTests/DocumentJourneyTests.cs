using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class DocumentJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Documents_RepresentativeUploadsAndMemberUploadsThroughLink_ListAndChecklistUpdateWithProgress()
    {
        // Seeded: Sam Patel's DMV claim is in document collection with Raymond Chen (rep1).
        var claimId = await fixture.App.WithDbAsync((db, _) =>
            db.Claims.Where(c => c.WorkUnit == "Vehicle Registration Contact Unit").Select(c => c.Id).SingleAsync());
        string memberPath;
        await using (var rep = await fixture.NewSessionAsync("documents-rep1"))
        {
            await rep.SignInAsync("rep1@demo.local");
            await rep.GotoAsync($"/claims/{claimId}");
            var page = rep.Page;
            await Expect(page.Locator("#checklist li[data-category='duty-statements']")).ToHaveAttributeAsync("data-covered", "false");
            await rep.CheckPageAsync("documents-empty");

            var upload = page.Locator("form[data-upload]");
            await upload.GetByLabel("Category").SelectOptionAsync("duty-statements");
            await upload.GetByLabel(new Regex("^File")).SetInputFilesAsync(new FilePayload
            {
                Name = "Duty statement PT II.pdf",
                MimeType = "application/pdf",
                Buffer = SampleFiles.Pdf("Duty statement, Program Technician II", 400_000),
            });
            await upload.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

            await Expect(upload.Locator(".upload-status")).ToHaveTextAsync("Uploaded Duty statement PT II.pdf.");
            await Expect(upload.Locator("progress")).ToHaveJSPropertyAsync("value", 100);
            await Expect(upload.Locator(".upload-percent")).ToHaveTextAsync("100%");
            await Expect(page.Locator("#document-list")).ToContainTextAsync("Duty statement PT II.pdf");
            await Expect(page.Locator("#document-list")).ToContainTextAsync("Raymond Chen");
            await Expect(page.Locator("#checklist li[data-category='duty-statements']")).ToHaveAttributeAsync("data-covered", "true");
            await rep.CheckPageAsync("documents-uploaded");

            // A wrong type is refused in place, and nothing is added.
            await upload.GetByLabel(new Regex("^File")).SetInputFilesAsync(new FilePayload { Name = "tool.pdf", MimeType = "application/pdf", Buffer = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0] });
            await upload.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
            await Expect(upload.Locator(".upload-status")).ToContainTextAsync("Nothing was saved");
            await Expect(page.Locator("#document-list tbody tr[data-document]")).ToHaveCountAsync(1);
            rep.ConsoleErrors.Clear(); // Chromium logs the 415 of the refused request itself.

            await page.GetByRole(AriaRole.Button, new() { Name = "E-mail the member an upload link" }).ClickAsync();
            var url = await page.Locator("#member-link-url").InnerTextAsync();
            Assert.Matches("/member/[A-Za-z0-9_-]{43}$", url);
            memberPath = new Uri(url).AbsolutePath;
            await rep.CheckPageAsync("member-link-sent");
        }

        await using (var member = await fixture.NewSessionAsync("documents-member", 390, 844))
        {
            await member.GotoAsync(memberPath);
            var page = member.Page;
            await Expect(page.Locator("#claim-stage")).ToHaveTextAsync("Document collection");
            await Expect(page.Locator("#checklist li[data-category='duty-statements']")).ToHaveAttributeAsync("data-covered", "true");
            await Expect(page.Locator("#checklist li[data-category='org-charts']")).ToHaveAttributeAsync("data-covered", "false");
            await member.CheckPageAsync("member-page");

            var upload = page.Locator("#member-upload");
            await upload.GetByLabel("What is it?").SelectOptionAsync("org-charts");
            await upload.GetByLabel("Take a photo or choose a file").SetInputFilesAsync(new FilePayload
            {
                Name = "org chart.png",
                MimeType = "image/png",
                Buffer = SampleFiles.Png(),
            });
            await upload.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(page.Locator("#upload-result")).ToHaveTextAsync("Thank you: org chart.png was received.");
            await Expect(upload.Locator(".upload-row progress")).ToHaveJSPropertyAsync("value", 100);
            await Expect(page.Locator("#checklist li[data-category='org-charts']")).ToHaveAttributeAsync("data-covered", "true");
            await member.CheckPageAsync("member-uploaded");
        }

        // Back on the claim page: the packet is built in the background with a progress bar, then offered for download.
        await using (var rep = await fixture.NewSessionAsync("documents-packet"))
        {
            await rep.SignInAsync("rep1@demo.local");
            await rep.GotoAsync($"/claims/{claimId}");
            var packet = rep.Page.Locator("#packet");
            await packet.GetByRole(AriaRole.Button, new() { Name = "Build packet" }).ClickAsync();
            await Expect(packet.Locator("#packet-download")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(packet.Locator("progress")).ToHaveJSPropertyAsync("value", 100);
            await rep.CheckPageAsync("packet-built");
            var download = await rep.Page.RunAndWaitForDownloadAsync(() => packet.Locator("#packet-download").ClickAsync());
            Assert.EndsWith("-packet-draft.pdf", download.SuggestedFilename, StringComparison.Ordinal);
            var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
            Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        }

        var rows = await fixture.App.WithDbAsync((db, _) => db.Documents.Where(d => d.ClaimId == claimId).Select(d => d.UploaderSide).ToListAsync());
        Assert.Equal(["member", "staff"], rows.Order());
    }
}
