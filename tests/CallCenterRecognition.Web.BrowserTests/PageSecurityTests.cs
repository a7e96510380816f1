using System.Text.RegularExpressions;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenterRecognition.Web.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PageSecurityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ClaimPage_RepresentativeOpensAnotherRepresentativesClaim_Gets403AndNoClaimData()
    {
        var rep2Claim = await fixture.App.WithDbAsync(async (db, _) =>
        {
            var rep2 = await db.Users.Where(u => u.Email == "rep2@demo.local").Select(u => u.Id).SingleAsync();
            return await db.Claims.Where(c => c.AssignedRepresentativeId == rep2).Select(c => new { c.Id, c.Number, MemberName = c.Member.Name }).FirstAsync();
        });
        await using var rep1 = await fixture.NewSessionAsync("forbidden-rep1");
        await rep1.SignInAsync("rep1@demo.local");

        var response = await rep1.Page.GotoAsync($"/claims/{rep2Claim.Id}");

        Assert.Equal(403, response!.Status);
        await Expect(rep1.Page.Locator("h1")).ToHaveTextAsync("This claim is not assigned to you");
        var html = await rep1.Page.ContentAsync();
        Assert.DoesNotContain(rep2Claim.Number, html, StringComparison.Ordinal);
        Assert.DoesNotContain(rep2Claim.MemberName, html, StringComparison.Ordinal);
        rep1.ConsoleErrors.Clear(); // Chromium logs the 403 of the document itself.
        await rep1.CheckPageAsync("claim-403");

        // Firing an action on it by a forged POST is refused the same way and changes nothing.
        var version = await fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => c.Id == rep2Claim.Id).Select(c => c.Version).SingleAsync());
        var token = await TokenFromAsync(rep1, "/claims");
        var post = await rep1.Context.APIRequest.PostAsync($"/claims/{rep2Claim.Id}?handler=Fire", new()
        {
            Form = FormWith(rep1.Context.APIRequest, ("__RequestVerificationToken", token), ("actionId", "add-note"), ("expectedVersion", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("in.text", "not mine")),
        });
        Assert.Equal(403, post.Status);
        Assert.Equal(version, await fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => c.Id == rep2Claim.Id).Select(c => c.Version).SingleAsync()));
    }

    [Fact]
    public async Task Forms_PostWithoutAntiforgeryToken_Get400AndChangeNothing()
    {
        await using var mrc = await fixture.NewSessionAsync("antiforgery-mrc");
        var countBefore = await fixture.App.WithDbAsync((db, _) => db.Claims.CountAsync());

        var login = await mrc.Context.APIRequest.PostAsync("/Account/Login", new()
        {
            Form = FormWith(mrc.Context.APIRequest, ("Email", "mrc@demo.local"), ("Password", BrowserFixture.Password)), MaxRedirects = 0 });
        Assert.Equal(400, login.Status);

        await mrc.SignInAsync("mrc@demo.local");
        var intake = await mrc.Context.APIRequest.PostAsync("/intake", new()
        {
            Form = FormWith(mrc.Context.APIRequest, ("Input.MemberName", "No Token"), ("Input.MemberEmail", "no.token@example.org"), ("Input.Department", "EDD"), ("Input.WorkUnit", "Forged"),
                ("Input.BargainingUnit", "4"), ("Input.Classification", "Clerk"), ("Input.Description", "forged")),
            MaxRedirects = 0,
        });
        Assert.Equal(400, intake.Status);

        var claim = await fixture.App.WithDbAsync((db, _) => db.Claims.Select(c => new { c.Id, c.Version }).FirstAsync());
        var fire = await mrc.Context.APIRequest.PostAsync($"/claims/{claim.Id}?handler=Fire", new()
        {
            Form = FormWith(mrc.Context.APIRequest, ("actionId", "add-note"), ("expectedVersion", claim.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("in.text", "forged")),
            MaxRedirects = 0,
        });
        Assert.Equal(400, fire.Status);

        // With the token taken from the page the same kind of post goes through, so the 400s above were the missing token.
        var token = await TokenFromAsync(mrc, $"/claims/{claim.Id}");
        var ok = await mrc.Context.APIRequest.PostAsync($"/claims/{claim.Id}?handler=Fire", new()
        {
            Form = FormWith(mrc.Context.APIRequest, ("__RequestVerificationToken", token), ("actionId", "add-note"), ("expectedVersion", claim.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("in.text", "with token")),
            MaxRedirects = 0,
        });
        Assert.Equal(302, ok.Status);
        Assert.Equal(countBefore, await fixture.App.WithDbAsync((db, _) => db.Claims.CountAsync()));
        Assert.False(await fixture.App.WithDbAsync((db, _) => db.Claims.AnyAsync(c => c.Member.Email == "no.token@example.org")));
    }

    [Fact]
    public async Task ClaimPage_StaleForm_ShowsMessageAndFreshStateWithoutOverwriting()
    {
        var claimId = await fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => c.Stage == "intake" && c.Member.Name == "Alex Rivera").Select(c => c.Id).FirstAsync());
        await using var first = await fixture.NewSessionAsync("stale-ccwg");
        await first.SignInAsync("ccwg@demo.local");
        var other = await first.Context.NewPageAsync();
        await first.GotoAsync($"/claims/{claimId}");
        await other.GotoAsync($"/claims/{claimId}");

        // Someone else adds a note in the other tab first.
        await other.Locator("details.action[data-action='add-note'] summary").ClickAsync();
        await other.Locator("#add-note-text").FillAsync("Called the member back.");
        await other.Locator("details.action[data-action='add-note'] button").ClickAsync();
        await Expect(other.Locator(".alert.success")).ToBeVisibleAsync();
        var versionAfterFirst = await fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => c.Id == claimId).Select(c => c.Version).SingleAsync());

        // This tab still holds the old version: withdrawing must not go through.
        var page = first.Page;
        await page.Locator("details.action[data-action='withdraw'] summary").ClickAsync();
        await page.Locator("#withdraw-reason").FillAsync("Member changed their mind.");
        await page.Locator("#withdraw-confirm").CheckAsync();
        await page.Locator("details.action[data-action='withdraw'] button").ClickAsync();

        await Expect(page.Locator("#action-message")).ToContainTextAsync("Someone else acted on this claim after you opened it. Nothing was saved.");
        await Expect(page.Locator("#stage-badge")).ToHaveTextAsync("Intake");
        await Expect(page.Locator("#journal")).ToContainTextAsync("Called the member back.");
        await Expect(page.Locator("details.action[data-action='withdraw'] input[name='expectedVersion']")).ToHaveValueAsync(versionAfterFirst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await first.CheckPageAsync("claim-stale");
        var stage = await fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => c.Id == claimId).Select(c => new { c.Stage, c.Version }).SingleAsync());
        Assert.Equal(("intake", versionAfterFirst), (stage.Stage, stage.Version));
    }

    [Fact]
    public async Task SignIn_UserWhoMustChangePassword_IsSentToChangePasswordBeforeAnythingElse()
    {
        const string email = "new.mrc@demo.local", first = "First-pass-2026!", second = "Second-pass-2026!";
        await CreateUserAsync(email, first, Roles.Mrc, mustChangePassword: true);
        await using var session = await fixture.NewSessionAsync("must-change");
        await session.SignInAsync(email, first);
        await Expect(session.Page).ToHaveURLAsync(new Regex("/Account/ChangePassword$"));
        await session.GotoAsync("/intake");
        await Expect(session.Page).ToHaveURLAsync(new Regex("/Account/ChangePassword$"));
        await session.CheckPageAsync("change-password");

        await session.Page.Locator("#Current").FillAsync(first);
        await session.Page.Locator("#New").FillAsync(second);
        await session.Page.Locator("#Confirm").FillAsync(second);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(session.Page).ToHaveURLAsync(new Regex("/intake$"));
        Assert.False(await fixture.App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.MustChangePassword).SingleAsync()));
    }

    [Fact]
    public async Task SignIn_UserWithNoRole_SeesOnlyAPoliteMessage()
    {
        const string email = "norole@demo.local", password = "No-role-pass-2026!";
        await CreateUserAsync(email, password, role: null, mustChangePassword: false);
        await using var session = await fixture.NewSessionAsync("no-role");
        await session.SignInAsync(email, password);
        await Expect(session.Page).ToHaveURLAsync(new Regex("/Account/NoRole$"));
        await Expect(session.Page.Locator("main")).ToContainTextAsync("your account has no role yet");
        Assert.Equal(0, await session.Page.Locator("nav[aria-label='Main'] a").CountAsync());
        await session.CheckPageAsync("no-role");

        var claims = await session.Page.GotoAsync("/claims");
        Assert.Equal(403, claims!.Status);
        var api = await session.Context.APIRequest.GetAsync("/api/claims");
        Assert.Equal(403, api.Status);
    }

    [Fact]
    public async Task Pages_OnAPhoneSizedScreen_RenderWithoutHorizontalOverflowOrErrors()
    {
        await using var phone = await fixture.NewSessionAsync("phone", 390, 844);
        await phone.SignInAsync("ccwg@demo.local");
        foreach (var path in new[] { "/dashboard", "/claims", "/intake", "/workflows" })
        {
            await phone.GotoAsync(path);
            var overflow = await phone.Page.EvaluateAsync<bool>("() => document.body.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{path} scrolls sideways on a phone");
            await phone.CheckPageAsync(path.Trim('/'));
        }
    }

    [Fact]
    public async Task ClaimPage_EditDetailsOpenOnAPhone_DoesNotScrollSideways()
    {
        var claimId = await fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => !c.IsClosed).OrderBy(c => c.Number).Select(c => c.Id).FirstAsync());
        await using var phone = await fixture.NewSessionAsync("edit-details-phone", 390, 844);
        await phone.SignInAsync("mrc@demo.local");
        await phone.GotoAsync($"/claims/{claimId}");

        await phone.Page.GetByText("Edit details").ClickAsync();

        await Expect(phone.Page.Locator("#edit-member-email")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#edit-description")).ToBeVisibleAsync();
        var overflow = await phone.Page.EvaluateAsync<bool>("() => document.body.scrollWidth > window.innerWidth + 1");
        var wide = await phone.Page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 12).map(e => e.tagName + '#' + e.id + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).join(' | ')");
        Assert.False(overflow, "the claim page with Edit details open scrolls sideways on a phone: " + wide);
        await phone.CheckPageAsync("claim-edit-details");
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task AdminUserPages_OnPhoneAndDesktop_RenderWithoutHorizontalOverflowOrErrors(int width, int height)
    {
        await using var session = await fixture.NewSessionAsync($"admin-users-{width}", width, height);
        await session.SignInAsync("admin@demo.local");
        var repId = await fixture.UserIdAsync("rep1@demo.local");
        foreach (var path in new[] { "/admin/users", $"/admin/users/{repId}" })
        {
            await session.GotoAsync(path);
            var overflow = await session.Page.EvaluateAsync<bool>("() => document.body.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{path} scrolls sideways at {width} px");
            await session.CheckPageAsync(path.StartsWith("/admin/users/", StringComparison.Ordinal) ? "admin-user" : "admin-users");
        }
    }

    [Fact]
    public async Task Queue_OverdueClaimAndFilters_OverdueIsMarkedAndListedFirstAndFiltersNarrow()
    {
        var overdue = await fixture.App.WithDbAsync(async (db, services) =>
        {
            var rep1 = await db.Users.Where(u => u.Email == "rep1@demo.local").Select(u => u.Id).SingleAsync();
            var claim = await db.Claims.Where(c => c.AssignedRepresentativeId == rep1 && c.Stage == "referral").FirstAsync();
            claim.DueAt = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-3);
            await db.SaveChangesAsync();
            return claim.Number;
        });
        await using var rep1 = await fixture.NewSessionAsync("queue-rep1");
        await rep1.SignInAsync("rep1@demo.local");

        var rows = rep1.Page.Locator("tbody tr");
        await Expect(rows.First).ToContainTextAsync(overdue);
        await Expect(rows.First).ToContainTextAsync("Overdue");
        await Expect(rows.First).ToHaveClassAsync("overdue");
        Assert.Equal(1, await rep1.Page.Locator("tbody .badge.overdue").CountAsync());
        await rep1.CheckPageAsync("queue-overdue");

        await rep1.Page.GetByLabel("Stage").SelectOptionAsync("document-collection");
        await rep1.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        // Other browser tests open claims of rep1's too, so the count is read, not assumed.
        var collecting = await fixture.App.WithDbAsync(async (db, _) =>
        {
            var rep1 = await db.Users.Where(u => u.Email == "rep1@demo.local").Select(u => u.Id).SingleAsync();
            return await db.Claims.CountAsync(c => c.AssignedRepresentativeId == rep1 && c.Stage == "document-collection");
        });
        await Expect(rows).ToHaveCountAsync(Math.Min(collecting, 25));
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row).ToContainTextAsync("Document collection");
        }

        await rep1.Page.GetByLabel("Department").SelectOptionAsync("FTB");
        await rep1.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(rep1.Page.Locator("main")).ToContainTextAsync("No claim matches.");
        await rep1.CheckPageAsync("queue-filtered-empty");
    }

    [Fact]
    public async Task Keyboard_TabThroughSignIn_SkipLinkFirstAndEveryStopHasAVisibleOutline()
    {
        await using var session = await fixture.NewSessionAsync("keyboard");
        await session.GotoAsync("/Account/Login");
        const string focused = "() => { const e = document.activeElement; const s = getComputedStyle(e); return [e.tagName + (e.id ? '#' + e.id : '') + ':' + (e.textContent || '').trim(), s.outlineStyle, s.outlineWidth].join('|'); }";

        await session.Page.Keyboard.PressAsync("Tab");
        var skip = (await session.Page.EvaluateAsync<string>(focused)).Split('|');
        Assert.Equal("A:Skip to content", skip[0]);
        Assert.Equal("solid", skip[1]);
        await session.ScreenshotAsync("focus-skip-link");

        foreach (var expected in new[] { "A:Call Center Recognition", "INPUT#Email:", "INPUT#Password:", "BUTTON:Sign in" })
        {
            await session.Page.Keyboard.PressAsync("Tab");
            var stop = (await session.Page.EvaluateAsync<string>(focused)).Split('|');
            Assert.Equal(expected, stop[0]);
            Assert.Equal("solid", stop[1]);
            Assert.NotEqual("0px", stop[2]);
        }

        await session.CheckPageAsync("focus-sign-in-button");
    }

    [Fact]
    public async Task Bell_NoUnreadThenOne_BadgeHiddenAtZeroShownAtOneIconDrawnWithoutEmoji()
    {
        const string email = "bell.ccwg@demo.local", password = "Bell-pass-2026!x";
        await CreateUserAsync(email, password, Roles.Ccwg, mustChangePassword: false);
        await using var session = await fixture.NewSessionAsync("bell");
        await session.SignInAsync(email, password);
        var button = session.Page.Locator("[data-ccr-bell-toggle]");
        var badge = session.Page.Locator("[data-ccr-bell-count]");

        await Expect(button).ToHaveAccessibleNameAsync("Notifications");
        Assert.Null(await button.GetAttributeAsync("aria-label"));
        await Expect(badge).ToBeHiddenAsync();
        Assert.Equal(1, await button.Locator("svg").CountAsync());
        Assert.DoesNotContain("\U0001F514", await button.InnerTextAsync(), StringComparison.Ordinal);
        await session.CheckPageAsync("bell-zero");

        var userId = await fixture.UserIdAsync(email);
        var createdAt = new DateTimeOffset(2026, 12, 1, 16, 5, 0, TimeSpan.Zero);
        await fixture.App.WithDbAsync(async (db, _) =>
        {
            db.Set<NotificationRow>().Add(new NotificationRow { UserId = userId, Title = "Test notice", Body = "Something happened.", CreatedAt = createdAt });
            return await db.SaveChangesAsync();
        });
        await session.GotoAsync("/dashboard");
        await Expect(badge).ToBeVisibleAsync();
        await Expect(badge).ToHaveTextAsync("1 unread");
        await Expect(button).ToHaveAccessibleNameAsync("Notifications 1 unread");
        Assert.Equal("rgb(255, 255, 255)", await button.EvaluateAsync<string>("b => getComputedStyle(b).color"));
        await button.ClickAsync();
        // The same words as every page: California time, "Tue 1 Dec 2026, 8:05 AM".
        await Expect(session.Page.Locator(".ccr-bell__time").First).ToHaveTextAsync("Tue 1 Dec 2026, 8:05 AM");
        await session.CheckPageAsync("bell-one");

        await using var phone = await fixture.NewSessionAsync("bell-phone", 390, 844);
        await phone.SignInAsync(email, password);
        await phone.Page.Locator("[data-ccr-bell-toggle]").ClickAsync();
        var panel = await phone.Page.Locator("[data-ccr-bell-panel]").BoundingBoxAsync();
        Assert.NotNull(panel);
        Assert.True(panel.X >= 0 && panel.X + panel.Width <= 390, $"the bell's panel spans {panel.X}..{panel.X + panel.Width} on a 390 px screen");
        await Expect(phone.Page.Locator(".ccr-bell__title").First).ToHaveTextAsync("Test notice");
        await phone.CheckPageAsync("bell-phone-open");
    }

    private async Task CreateUserAsync(string email, string password, string? role, bool mustChangePassword) =>
        await fixture.App.WithDbAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, MustChangePassword = mustChangePassword };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            if (role is not null)
            {
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            }

            return true;
        });

    private static async Task<string> TokenFromAsync(Session session, string path)
    {
        await session.Page.GotoAsync(path);
        return await session.Page.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();
    }

    private static IFormData FormWith(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
