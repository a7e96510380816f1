using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests.Pages;

// The queue as a browser without script reads it: sort and filters in the address, due dates marked in words.
public sealed partial class QueuePageTests(AppFactory factory) : IClassFixture<AppFactory>
{
    // Two claims of one member name: "early" still in intake and due in 40 days, "late" in document collection and due in 3.
    private async Task<(string Early, string Late)> TwoClaimsAsync(string member)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var early = await OpenAsync(mrc, NewClaim("Queue Sort Early " + member, member: member, email: "queue.sort@example.org"));
        var late = await OpenAsync(mrc, NewClaim("Queue Sort Late " + member, member: member, email: "queue.sort@example.org"));
        late = await FireOkAsync(mrc, late, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        late = await FireOkAsync(rep, late, "accept");
        await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            (await db.Claims.SingleAsync(c => c.Id == Guid.Parse(Id(early)))).DueAt = now.AddDays(40);
            (await db.Claims.SingleAsync(c => c.Id == Guid.Parse(Id(late)))).DueAt = now.AddDays(3);
            return await db.SaveChangesAsync();
        });
        return (Number(early), Number(late));
    }

    private static string Number(JsonElement claim) => claim.GetProperty("number").GetString()!;

    private static string[] Rows(string html) =>
        [.. ClaimNumber().Matches(html[html.IndexOf("<tbody>", StringComparison.Ordinal)..]).Select(m => m.Value).Distinct()];

    [Theory]
    [InlineData("stage", true)]
    [InlineData("opened", true)]
    [InlineData("due", false)]
    [InlineData("", false)]
    [InlineData("sideways", false)]
    [InlineData("stage%27%3B--", false)]
    public async Task Sort_EachValue_OrdersTheQueueAndABadValueFallsBackToDueDate(string sort, bool earlyFirst)
    {
        var (early, late) = await TwoClaimsAsync("Sortie " + sort.Length + earlyFirst);

        var html = await PageForms.GetPageAsync(factory, Mrc, $"/claims?q={Uri.EscapeDataString("Sortie " + sort.Length + earlyFirst)}&sort={sort}");

        Assert.Equal(earlyFirst ? [early, late] : [late, early], Rows(html));
        var selected = sort is "stage" or "opened" ? sort : "due";
        Assert.Contains($"<option value=\"{selected}\" selected=\"selected\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_DueWithinAWeek_IsMarkedInWords()
    {
        var (_, late) = await TwoClaimsAsync("Soon Due");

        var html = await PageForms.GetPageAsync(factory, Mrc, "/claims?q=Soon+Due");

        var row = Regex.Match(html, $"<tr class=\"due-soon\">(?:(?!</tr>).)*{late}(?:(?!</tr>).)*</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, "The claim due in 3 days is marked.");
        Assert.Contains("Due this week", row.Value, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "Due this week</span>"));
    }

    [Fact]
    public async Task Queue_Representative_SeesOpenClaimCountsByStageLinkingToTheFilteredQueue()
    {
        await TwoClaimsAsync("Count Stage");
        var rep1 = await factory.UserIdAsync(Rep1);
        var expected = await factory.WithDbAsync(db => db.Claims.CountAsync(c => c.AssignedRepresentativeId == rep1 && !c.IsClosed && c.Stage == "document-collection"));

        var html = await PageForms.GetPageAsync(factory, Rep1, "/claims?sort=stage");

        Assert.Contains($"<li data-stage=\"document-collection\"><a href=\"/claims?stage=document-collection&amp;sort=stage\"><span class=\"count\">{expected}</span> <span>Document collection</span></a></li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("my-counts", await PageForms.GetPageAsync(factory, Mrc, "/claims"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"CC-\d{4}-\d{5}")]
    private static partial Regex ClaimNumber();
}
