using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenterRecognition.Tests.Shared;

namespace CallCenterRecognition.Web.Tests;

// The README's run command, run as a new user runs it: a real `dotnet run` from a copy of the repository root.
public sealed class ReadmeRunFixture : IAsyncLifetime
{
    public ReadmeRun App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await ReadmeRun.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed partial class ReadmeRunTests(ReadmeRunFixture fixture) : IClassFixture<ReadmeRunFixture>
{
    private ReadmeRun App => fixture.App;

    [Fact]
    public async Task ReadmeRun_FromTheRepositoryRoot_ServesTheStylesheetScriptsAndSettings()
    {
        using var client = new HttpClient { BaseAddress = App.Address };

        var css = await client.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        var signIn = await client.GetStringAsync("/Account/Login");
        await AssertEveryAssetAnswersAsync(client, signIn, "/Account/Login", withScripts: false);

        // appsettings.json is read: EF's SQL is at Warning, so start-up prints none of it.
        Assert.Contains("Now listening on: " + App.BaseUrl, App.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Executed DbCommand", App.OutputBeforeListening, StringComparison.Ordinal);
        // data/ is where the README says: under the folder the command ran from.
        Assert.True(File.Exists(App.DatabasePath), $"{App.DatabasePath} was not created");
    }

    [Fact]
    public async Task ReadmeRun_ClaimPageAndMemberLink_AssetsAnswerAndTheLinkUsesTheUrlsAddress()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = App.Address };
        var token = AntiforgeryField().Match(await browser.GetStringAsync("/Account/Login")).Groups[1].Value;
        var signedIn = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = "rep1@demo.local",
            ["Password"] = AppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var api = new HttpClient { BaseAddress = App.Address };
        var login = await api.PostAsJsonAsync("/api/auth/login", new { email = "rep1@demo.local", password = AppFactory.Password });
        login.EnsureSuccessStatusCode();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var claims = (await api.GetFromJsonAsync<JsonElement>("/api/claims?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        var collecting = claims.First(c => c.GetProperty("stage").GetString() == "document-collection");
        var id = collecting.GetProperty("id").GetString()!;

        var page = await browser.GetAsync($"/claims/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await AssertEveryAssetAnswersAsync(browser, await page.Content.ReadAsStringAsync(), $"/claims/{id}", withScripts: true);

        var link = await api.PostAsync($"/api/claims/{id}/member-link", null);
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        var url = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.StartsWith(App.BaseUrl + "/member/", url, StringComparison.Ordinal);
        // The e-mail the member receives carries the same address.
        var mail = Assert.Single(Directory.GetFiles(App.OutboxPath, "member-link-*.eml"));
        Assert.Contains(url, MimeKit.MimeMessage.Load(mail).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadmeApiInFiveCalls_RunWithBashAsWritten_OpensAndRefersAClaim()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(ReadmeRun.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("### The API in five calls", StringComparison.Ordinal)..];
        var block = BashBlock().Match(section).Groups[1].Value;
        Assert.Contains("URL=http://localhost:5000\n", block, StringComparison.Ordinal);
        // The one line a reader would change: where their app listens.
        var script = block.Replace("URL=http://localhost:5000\n", $"URL={App.BaseUrl}\n", StringComparison.Ordinal);
        Assert.Equal(5, CurlCall().Matches(script).Count);

        var bash = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        var output = await stdout;

        Assert.True(bash.ExitCode == 0, $"exit {bash.ExitCode}: {await stderr}");
        Assert.Equal(string.Empty, await stderr);
        // The refer call prints the claim in referral, the journal call its two entries.
        var printed = JsonValues(output);
        Assert.Equal(2, printed.Count);
        var referred = printed[0];
        Assert.Equal("referral", referred.GetProperty("stage").GetString());
        Assert.Equal(2, referred.GetProperty("version").GetInt32());
        Assert.Equal("Alex Rivera", referred.GetProperty("member").GetProperty("name").GetString());
        var journal = printed[1].ValueKind == JsonValueKind.Array ? printed[1] : printed[1].GetProperty("items");
        Assert.Equal(2, journal.GetArrayLength());
        Assert.Contains("refer", journal[1].ToString(), StringComparison.Ordinal);
    }

    // curl prints each answer with no separator: read the JSON values one after another.
    private static List<JsonElement> JsonValues(string text)
    {
        var values = new List<JsonElement>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            values.Add(JsonElement.ParseValue(ref reader));
        }

        return values;
    }

    private static async Task AssertEveryAssetAnswersAsync(HttpClient client, string html, string page, bool withScripts)
    {
        var assets = AssetReference().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)).Where(u => u.StartsWith('/')).Distinct().ToList();
        Assert.Contains(assets, a => a.StartsWith("/css/", StringComparison.Ordinal));
        if (withScripts)
        {
            Assert.Contains(assets, a => a.StartsWith("/js/", StringComparison.Ordinal));
        }

        foreach (var asset in assets)
        {
            var response = await client.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} (on {page}) answered {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("<(?:link[^>]*\\shref|script[^>]*\\ssrc)=(\"|')([^\"']+)\\1", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();

    [GeneratedRegex("```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex("curl -s ")]
    private static partial Regex CurlCall();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
