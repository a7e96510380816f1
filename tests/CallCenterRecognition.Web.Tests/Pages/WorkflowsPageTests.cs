using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterRecognition.Web.Tests.Pages;

public sealed partial class WorkflowsPageTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task WorkflowsPage_SignedInStaff_ListsThisAndNextYearsHolidaysInCaptionedTables()
    {
        var client = await PageForms.SignedInClientAsync(factory, Api.Rep1);
        var year = factory.Services.GetRequiredService<LocalClock>().Today().Year;

        var html = await client.GetStringAsync("/workflows");

        foreach (var y in new[] { year, year + 1 })
        {
            var table = Table().Matches(html).Select(m => m.Value).Single(t => t.Contains($"<caption>State office holidays {y}</caption>", StringComparison.Ordinal));
            var thanksgiving = NthThursdayOfNovember(y, 4);
            Assert.Contains($"<time datetime=\"{thanksgiving:yyyy-MM-dd}\">{DisplayDates.Date(thanksgiving)}</time></th><td>Thanksgiving Day</td>", table, StringComparison.Ordinal);
            Assert.Equal(11, Regex.Count(table, "<th scope=\"row\">"));
            Assert.DoesNotContain("Native American Day", table, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WorkflowsPage_StoredVersionWithEnglishOnlyStageText_ListsTheMissingTranslations()
    {
        var admin = await factory.ClientForAsync(Api.Admin);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "differential-follow-up.json")))!;
        var version = json["version"]!.GetValue<int>() + 40;
        json["version"] = version;
        json["stages"]![0]!["description"] = "Checking your pay (English only).";
        var stored = await admin.PostAsJsonAsync("/api/workflows", json);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var client = await PageForms.SignedInClientAsync(factory, Api.Ccwg);

        var current = await client.GetStringAsync("/workflows");
        var html = await client.GetStringAsync($"/workflows?definition=differential-follow-up&version={version}");

        Assert.Contains("Texts members read are written in English, Espa", current, StringComparison.Ordinal);
        Assert.DoesNotContain("translation-warnings", current, StringComparison.Ordinal);
        Assert.Contains($"id=\"translations-differential-follow-up-{version}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<li><code>$.stages[0].description</code> (differential-follow-up v{version} (database)): no text in es, zh-Hant; members reading those see the English</li>", html, StringComparison.Ordinal);
    }

    private static DateOnly NthThursdayOfNovember(int year, int nth)
    {
        var first = new DateOnly(year, 11, 1);
        return first.AddDays((((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7) + (7 * (nth - 1)));
    }

    [GeneratedRegex("<table>.*?</table>", RegexOptions.Singleline)]
    private static partial Regex Table();
}
