using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class StaffAccountJourneyTests(BrowserFixture fixture)
{
    private const string NewPassword = "Joined-today-2026!";

    [Fact]
    public async Task Invite_AdminInvitesInviteeSetsPasswordFromTheMail_SignsInWithTheRoleThenDeactivationSignsThemOut()
    {
        var email = $"newrep-{Guid.NewGuid():N}"[..18] + "@example.org";

        await using var admin = await fixture.NewSessionAsync("staff-admin");
        await admin.SignInAsync("admin@demo.local");
        await admin.GotoAsync("/admin/users");
        await admin.Page.GetByLabel("E-mail").FillAsync(email);
        await admin.Page.GetByLabel("Name").FillAsync("Nadia Newrep");
        await admin.Page.GetByLabel(Infrastructure.Roles.Representative, new() { Exact = true }).CheckAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Invitation e-mailed to {email}.");
        await Expect(admin.Page.Locator("#edit-heading")).ToBeVisibleAsync();
        var accountUrl = new Uri(admin.Page.Url).PathAndQuery.Split('?')[0];
        await admin.CheckPageAsync("invited");

        var link = LinkIn(await MailToAsync(email));

        // The invitee, on a phone, from the link in the e-mail.
        await using var invitee = await fixture.NewSessionAsync("staff-invitee", 390, 844);
        await invitee.GotoAsync(new Uri(link).PathAndQuery);
        await invitee.Page.GetByLabel("New password").FillAsync(NewPassword);
        await invitee.Page.GetByLabel("Repeat the password").FillAsync(NewPassword);
        await invitee.Page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(invitee.Page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(invitee.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set.");
        await invitee.CheckPageAsync("password-set");
        await invitee.FillSignInAsync(email, NewPassword);
        await Expect(invitee.Page).ToHaveURLAsync(new Regex("/claims$"));
        await Expect(invitee.Page.Locator("h1")).ToHaveTextAsync("My claims");
        await invitee.CheckPageAsync("signed-in");
        Assert.Equal(403, (await invitee.Page.GotoAsync("/admin/users"))!.Status);
        await Expect(invitee.Page.Locator("h1")).ToHaveTextAsync("This page is not for your role");
        // Chromium reports the 403 just asserted as a console error.
        invitee.ConsoleErrors.Clear();

        // The link worked once.
        await using (var again = await fixture.NewSessionAsync("staff-link-again"))
        {
            await again.GotoAsync(new Uri(link).PathAndQuery, 410);
            await Expect(again.Page.GetByText("This link has expired or was already used.")).ToBeVisibleAsync();
        }

        // The administrator turns the account off; the invitee's next page asks them to sign in, and signing in fails.
        await admin.GotoAsync(accountUrl);
        await admin.Page.GetByLabel("Deactivated").CheckAsync();
        await admin.Page.GetByLabel("Yes, deactivate: sign this person out everywhere now").CheckAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(admin.Page.Locator("#account-active")).ToHaveTextAsync("No — cannot sign in");
        await admin.CheckPageAsync("deactivated");

        await invitee.Page.GotoAsync("/claims");
        await Expect(invitee.Page).ToHaveURLAsync(new Regex("/Account/Login"));
        await invitee.FillSignInAsync(email, NewPassword);
        await Expect(invitee.Page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(invitee.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await invitee.CheckPageAsync("sign-in-refused");
    }

    // The invitation is written to the outbox by the request that sends it; a short wait covers the file system only.
    private async Task<MimeMessage> MailToAsync(string email)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            foreach (var file in Directory.Exists(fixture.App.OutboxPath) ? Directory.GetFiles(fixture.App.OutboxPath, "*.eml") : [])
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.Mailboxes.Any(m => m.Address == email))
                {
                    return message;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no mail to {email} in {fixture.App.OutboxPath}");
            await Task.Delay(200);
        }
    }

    private static string LinkIn(MimeMessage message)
    {
        var match = LinkPattern().Match(message.TextBody ?? string.Empty);
        Assert.True(match.Success, "no set-password link in the invitation:\n" + message.TextBody);
        return match.Value;
    }

    [GeneratedRegex(@"https?://[^\s]+/Account/SetPassword\?token=[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();
}
