using System.Security.Claims;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenterRecognition.Web.BrowserTests;

// axe-core (WCAG 2.1 A and AA) over every page each role may open, at a phone and a desktop width, with a full-page screenshot
// of each under TestResults/screenshots/ for a reviewer who does not run the app.
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    private const string RepEmail = "a11y.rep@demo.local";

    private static readonly int[] Widths = [390, 1280];

    // GET pages of the access matrix that are not a page of their own to check, and why.
    private static readonly Dictionary<string, string> NotChecked = new(StringComparer.Ordinal)
    {
        ["/"] = "redirects to the role's start page",
        ["/claims/{id:guid}/documents"] = "redirects to the claim page",
        ["/Account/AccessDenied"] = "nobody is meant to land there; the 403 pages are checked by PageSecurityTests",
        ["/Account/NoRole"] = "only for an account without a role (PageSecurityTests)",
        ["/Account/Logout"] = "sign-out happens by the header's button; the page is an empty fallback",
        ["/hangfire"] = "Hangfire's own dashboard, not this application's markup",
        ["/openapi/v1.json"] = "the API description: JSON, not a page (OpenApiTests)",
        ["/scalar/{documentName?}"] = "Scalar's own API reference, not this application's markup (OpenApiTests)",
        ["/scalar/scalar.js"] = "a script file of the Scalar package",
        ["/scalar/scalar.aspnetcore.js"] = "a script file of the Scalar package",
        ["/scalar/favicon.svg"] = "an icon of the Scalar package",
    };

    private static readonly object SetUpLock = new();
    private static Task<Fixtures>? setUp;

    public static TheoryData<string> StaffRoles => new() { "mrc", "rep", "ccwg", "admin" };

    [Theory]
    [MemberData(nameof(StaffRoles))]
    public async Task StaffPages_EveryPageOfTheRole_HasNoSeriousOrCriticalAxeViolation(string role)
    {
        var data = await SetUpAsync();
        var (email, who) = role switch
        {
            "mrc" => ("mrc@demo.local", Who.Mrc),
            "rep" => (RepEmail, Who.RepresentativeOwn),
            "ccwg" => ("ccwg@demo.local", Who.Ccwg),
            _ => ("admin@demo.local", Who.Admin),
        };
        var pages = PagesFor(who, data);
        Assert.Contains("/claims", pages.Keys);
        Assert.Contains("/Account/ChangePassword", pages.Keys);

        var failures = new StringBuilder();
        foreach (var width in Widths)
        {
            await using var session = await fixture.NewSessionAsync($"a11y-{role}-{width}", width, 900);
            await session.SignInAsync(email, role == "rep" ? RepPassword : BrowserFixture.Password);
            foreach (var (route, path) in pages)
            {
                await session.GotoAsync(path);
                await CheckAsync(session.Page, $"{role}-{Slug(route)}-{width}", path, failures);
            }

            // Hangfire opens for CCWG and administrators only, so only they are shown the link.
            var jobsLinks = await session.Page.Locator("a[href='/hangfire']").CountAsync();
            Assert.True((jobsLinks == 1) == (who is Who.Ccwg or Who.Admin), $"{role} sees {jobsLinks} link(s) to /hangfire");
        }

        Assert.True(failures.Length == 0, $"axe found serious or critical violations for {role}:\n{failures}");
    }

    [Fact]
    public async Task AnonymousPages_SignInSetPasswordAndMemberPage_HaveNoSeriousOrCriticalAxeViolation()
    {
        var data = await SetUpAsync();
        Assert.Contains("/member/{token}", RoutesFor(Who.MemberLink));
        Assert.Equal(["/Account/Login", "/Account/SetPassword"], RoutesFor(Who.Anonymous).Where(r => !NotChecked.ContainsKey(r)).Order(StringComparer.Ordinal));
        var pages = new (string Name, string Path, int Status)[]
        {
            ("sign-in", "/Account/Login", 200),
            ("set-password-gone", "/Account/SetPassword?token=" + new string('x', 43), 410),
            ("member", data.MemberPath, 200),
        };

        var failures = new StringBuilder();
        foreach (var width in Widths)
        {
            await using var session = await fixture.NewSessionAsync($"a11y-anonymous-{width}", width, 900);
            foreach (var (name, path, status) in pages)
            {
                await session.GotoAsync(path, status);
                session.ConsoleErrors.Clear(); // Chromium logs the 410 of the document itself.
                await CheckAsync(session.Page, $"anonymous-{name}-{width}", name, failures);
                Assert.Equal(0, await session.Page.Locator("a[href='/hangfire']").CountAsync());
            }
        }

        Assert.True(failures.Length == 0, $"axe found serious or critical violations on the anonymous pages:\n{failures}");
    }

    private const string RepPassword = "A11y-rep-pass-2026!";

    private static IReadOnlyList<string> RoutesFor(Who who) =>
        [.. AccessMatrix.Rules
            .Where(r => r.Method == "GET" && !r.Route.StartsWith("/api/", StringComparison.Ordinal) && !r.Route.StartsWith("/health/", StringComparison.Ordinal)
                && !r.Route.Contains('?', StringComparison.Ordinal) && (r.Allowed & who) != 0 && (who == Who.Anonymous || (r.Allowed & Who.Anonymous) == 0))
            .Select(r => r.Route)];

    // Pages open to anyone are checked signed out (AnonymousPages_…). Every other GET page the role may open, with its parameters filled; a page added to the matrix fails here until it is checked or excused.
    private static Dictionary<string, string> PagesFor(Who who, Fixtures data)
    {
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in RoutesFor(who).Where(r => !NotChecked.ContainsKey(r)))
        {
            pages[route] = route switch
            {
                "/claims/{id:guid}" => $"/claims/{data.ClaimId}",
                "/intake/{id:guid}/refer" => $"/intake/{data.IntakeClaimId}/refer",
                "/admin/users/{id}" => $"/admin/users/{data.RepId}",
                "/workflows/{definitionId}/versions/{version:int}/publish" => "/workflows/article-21-4-recognition/versions/1/publish",
                "/member/{token}" => data.MemberPath,
                "/units/{id:long}" => $"/units/{data.UnitId}",
                "/units/{id:long}/edit" => $"/units/{data.UnitId}/edit?mergeInto={data.OtherUnitId}",
                _ when !route.Contains('{', StringComparison.Ordinal) => route,
                _ => throw new InvalidOperationException($"{route}: no sample for its parameters; add one or a reason to NotChecked"),
            };
        }

        pages.Remove("/member/{token}");
        return pages;
    }

    private async Task CheckAsync(IPage page, string shot, string what, StringBuilder failures)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        // WCAG 1.4.10 (reflow), which axe does not check: a 390 px screen never scrolls sideways; wide tables scroll inside their box.
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var viewport = page.ViewportSize!.Width;
        if (viewport < 400 && scrollWidth > viewport + 1)
        {
            failures.AppendLine($"  {what} ({shot}): reflow: the page is {scrollWidth} px wide on a {viewport} px screen");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder.Value, shot + ".png"), FullPage = true });
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            // WCAG 2.5.3 (label in name), experimental in axe and so off unless named.
            Rules = new Dictionary<string, RuleOptions> { ["label-content-name-mismatch"] = new() { Enabled = true } },
        });
        Assert.Contains(result.Passes.Concat(result.Violations).Concat(result.Incomplete), r => r.Id == "color-contrast");
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var targets = string.Join(", ", violation.Nodes.Select(n => n.Target.ToString()).Take(8));
            failures.AppendLine($"  {what} ({shot}): {violation.Id} [{violation.Impact}] {violation.Help} -> {targets}");
        }
    }

    private static readonly Lazy<string> ScreenshotFolder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && dir.GetFiles("*.BrowserTests.csproj").Length == 0)
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    private static string Slug(string route)
    {
        var slug = new StringBuilder();
        foreach (var part in route.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            slug.Append(slug.Length == 0 ? string.Empty : "-").Append(part.StartsWith('{') ? "id" : part.ToLowerInvariant());
        }

        return slug.ToString();
    }

    private Task<Fixtures> SetUpAsync()
    {
        lock (SetUpLock)
        {
            return setUp ??= CreateFixturesAsync();
        }
    }

    private sealed record Fixtures(Guid ClaimId, Guid IntakeClaimId, string RepId, string MemberPath, long UnitId, long OtherUnitId);

    // Its own representative and two SOS claims, so the queue, counts and checklists other tests assert on stay as seeded.
    private async Task<Fixtures> CreateFixturesAsync() =>
        await fixture.App.WithDbAsync(async (db, services) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var principals = services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
            var rep = new AppUser { UserName = RepEmail, Email = RepEmail, EmailConfirmed = true, DisplayName = "Ada Lovelace" };
            Assert.True((await users.CreateAsync(rep, RepPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(rep, Roles.Representative)).Succeeded);
            var repPrincipal = await principals.CreateAsync(rep);
            var mrcPrincipal = await principals.CreateAsync((await users.FindByEmailAsync("mrc@demo.local"))!);

            var open = services.GetRequiredService<OpenClaim.Handler>();
            async Task<Guid> OpenAsync(string member, string unit) =>
                (await open.HandleAsync(
                    new OpenClaim.Command(new OpenClaim.MemberInput(member, member.Replace(' ', '.').ToLowerInvariant() + "@example.org", "916-555-0100"), "SOS", unit,
                        System.Text.Json.JsonSerializer.SerializeToElement("1"), "Program Technician", ["acd"], "Answers business filing calls through an ACD queue."),
                    mrcPrincipal.ToActor(),
                    CancellationToken.None)).Claim!.Id;

            var fire = services.GetRequiredService<FireAction.Handler>();
            async Task FireAsync(Guid id, string action, ClaimsPrincipal who, object? inputs = null)
            {
                var version = await db.Claims.Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
                var values = inputs is null
                    ? new Dictionary<string, System.Text.Json.JsonElement>()
                    : System.Text.Json.JsonSerializer.SerializeToElement(inputs).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
                var result = await fire.HandleAsync(new FireAction.Command(id, action, version, values), who, CancellationToken.None);
                Assert.True(result.Outcome == FireAction.Outcome.Done, $"{action}: {result.Outcome} {result.Reason}");
                db.ChangeTracker.Clear();
            }

            var intake = await OpenAsync("Morgan Lee", "Business Programs Call Center");
            var claim = await OpenAsync("Casey Ortiz", "Business Entities Information Line");
            await FireAsync(claim, "refer", mrcPrincipal, new { representativeId = rep.Id });
            await FireAsync(claim, "accept", repPrincipal);
            var bytes = SampleFiles.Pdf("Duty statement, Program Technician", 20_000);
            var upload = await services.GetRequiredService<UploadDocument.Handler>().AsStaffAsync(
                claim, new UploadDocument.Command("duty-statements", "Duty statement.pdf", bytes.Length, () => new MemoryStream(bytes), "Duty statement, 2025"), repPrincipal, CancellationToken.None);
            Assert.Equal(UploadDocument.Outcome.Done, upload.Outcome);
            var link = await services.GetRequiredService<MemberLinks.Handler>().CreateAsync(claim, repPrincipal, CancellationToken.None);
            Assert.Equal(MemberLinks.Outcome.Done, link.Outcome);
            var unitId = await db.Claims.Where(c => c.Id == claim).Select(c => c.UnitId!.Value).SingleAsync();
            var otherUnitId = await db.Claims.Where(c => c.Id == intake).Select(c => c.UnitId!.Value).SingleAsync();
            return new Fixtures(claim, intake, rep.Id, new Uri(link.Link!.Url).AbsolutePath, unitId, otherUnitId);
        });
}
