using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CallCenterRecognition.Web.BrowserTests;

// A browser context for one person: records console errors, checks links on every page it visits, takes screenshots.
public sealed partial class Session(BrowserFixture fixture, IBrowserContext context, IPage page, string name) : IAsyncDisposable
{
    private readonly HashSet<string> checkedLinks = new(StringComparer.Ordinal);
    private int shot;

    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    public List<string> ConsoleErrors { get; } = Init(page);

    private static List<string> Init(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
        return errors;
    }

    public async Task<IResponse> GotoAsync(string path, int expectedStatus = 200)
    {
        var response = await Page.GotoAsync(path) ?? throw new InvalidOperationException($"No response for {path}");
        Assert.Equal(expectedStatus, response.Status);
        return response;
    }

    public async Task SignInAsync(string email, string password = BrowserFixture.Password)
    {
        await GotoAsync("/Account/Login");
        await FillSignInAsync(email, password);
    }

    // On the sign-in page the browser is at now (e.g. after being sent there from a page that needs it).
    public async Task FillSignInAsync(string email, string password = BrowserFixture.Password)
    {
        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    public async Task SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/Account/Login"));
    }

    // The page as the person sees it now: no console error so far, every same-origin link answers 200, and a screenshot.
    public async Task CheckPageAsync(string step)
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        Assert.True(ConsoleErrors.Count == 0, "Console errors:\n" + string.Join("\n", ConsoleErrors));
        // Same-page fragments (the skip link) and mail links are not requests to check.
        var hrefs = await Page.EvalOnSelectorAllAsync<string[]>(
            "a[href]", "links => links.filter(a => !a.getAttribute('href').startsWith('#') && a.protocol.startsWith('http')).map(a => a.href)");
        foreach (var href in hrefs.Distinct())
        {
            if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || !href.StartsWith(fixture.BaseUrl, StringComparison.Ordinal))
            {
                continue;
            }

            var target = uri.GetLeftPart(UriPartial.Query);
            if (!checkedLinks.Add(target))
            {
                continue;
            }

            var response = await Context.APIRequest.GetAsync(target);
            Assert.True(response.Status == 200, $"Broken link on {Page.Url}: {target} answered {response.Status}");
        }

        await ScreenshotAsync(step);
    }

    public Task ScreenshotAsync(string step) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Screenshots, $"{name}-{++shot:D2}-{Safe().Replace(step, "-")}.png"), FullPage = true });

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    [GeneratedRegex("[^a-zA-Z0-9_-]+")]
    private static partial Regex Safe();
}
