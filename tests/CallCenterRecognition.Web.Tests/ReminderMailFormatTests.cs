using System.Text;
using System.Text.RegularExpressions;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

// Outbox files are what SMTP would carry, Message-Ids are unique in the world, members get no staff link, bursts fold.
public sealed class ReminderMailFormatTests
{
    private static async Task<(string ClaimId, string Number)> ReferredAsync(AppFactory factory, string unit, string member = "Pat Member")
    {
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim(unit, member: member));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        return (Id(claim), claim.GetProperty("number").GetString()!);
    }

    private static byte[] RawOutboxFile(AppFactory factory, long reminderId) => File.ReadAllBytes(Path.Combine(factory.OutboxPath, $"reminder-{reminderId}.eml"));

    [Fact]
    public async Task OutboxFile_Written_IsWhatSmtpWouldCarry()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock, null, ("Email:From", "Call Center Recognition Reminders of the SEIU Local 1000 Member Resource Center <reminders@ccr.example.org>"));
        var (claimId, _) = await ReferredAsync(factory, "Wire Format Unit with a deliberately long name so that nothing fits on one short line", member: "José Núñez-Øster");
        await RunDueAsync(factory);
        var notice = (await RemindersAsync(factory, claimId)).Single(IsNotice);

        var raw = RawOutboxFile(factory, notice.Id);

        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n')
            {
                Assert.True(i > 0 && raw[i - 1] == '\r', $"bare LF at byte {i}");
            }
        }

        Assert.All(raw, b => Assert.True(b < 0x80, "not 7-bit clean"));
        var lines = Encoding.ASCII.GetString(raw).Split("\r\n");
        Assert.All(lines, line => Assert.True(line.Length <= 998, $"line of {line.Length} octets"));
        var headerLines = lines.TakeWhile(line => line.Length > 0).ToList();
        Assert.All(headerLines, line => Assert.True(line.Length <= 78, $"unfolded header line: {line}"));
        Assert.Contains(headerLines, line => line.StartsWith(' ') || line.StartsWith('\t'));

        using var stream = new MemoryStream(raw);
        var message = MimeMessage.Load(stream);
        var parts = message.BodyParts.OfType<TextPart>().ToList();
        Assert.NotEmpty(parts);
        Assert.All(parts, part =>
        {
            Assert.True(part.Headers.Contains(HeaderId.ContentTransferEncoding), "a text part without Content-Transfer-Encoding");
            Assert.Contains(part.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
        });
        Assert.Contains("Member: José Núñez-Øster", message.TextBody, StringComparison.Ordinal);
        var messageIdLine = Assert.Single(headerLines, line => line.StartsWith("Message-Id:", StringComparison.OrdinalIgnoreCase));
        Assert.Matches(new Regex($"^Message-Id: <[^<>@\\s]+@ccr\\.example\\.org>$", RegexOptions.IgnoreCase), messageIdLine);
    }

    [Fact]
    public async Task MessageId_FirstReminderOfTwoDatabases_Differs()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var first = Factory(clock);
        using var second = Factory(clock);
        var (firstClaim, _) = await ReferredAsync(first, "Twin Unit");
        var (secondClaim, _) = await ReferredAsync(second, "Twin Unit");
        await RunDueAsync(first);
        await RunDueAsync(second);

        // Each database counts its reminders from the same start, so the same file names (row ids) occur in both outboxes:
        // the counter alone would collide. With From at localhost the domain is this machine's host name.
        var sameRowId = Outbox(first).Join(Outbox(second), x => x.File, y => y.File, (x, y) => (First: x.Message.MessageId, Second: y.Message.MessageId)).ToList();
        Assert.NotEmpty(sameRowId);
        Assert.All(sameRowId, pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.All(Outbox(first), o => Assert.EndsWith("@" + MessageIds.Host, o.Message.MessageId, StringComparison.Ordinal));
        Assert.Empty(Outbox(first).Select(o => o.Message.MessageId).Intersect(Outbox(second).Select(o => o.Message.MessageId)));
        var firstNotice = (await RemindersAsync(first, firstClaim)).Single(IsNotice).Id;
        var secondNotice = (await RemindersAsync(second, secondClaim)).Single(IsNotice).Id;
        Assert.NotEqual(
            Outbox(first).Single(o => o.File == $"reminder-{firstNotice}.eml").Message.MessageId,
            Outbox(second).Single(o => o.File == $"reminder-{secondNotice}.eml").Message.MessageId);
    }

    [Fact]
    public async Task MessageId_SendRetried_SameOnEveryAttempt()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        var flaky = new FlakyTransport(failures: 2);
        using var factory = Factory(clock, flaky);
        var (claimId, _) = await ReferredAsync(factory, "Retried Id Unit");
        var notice = (await RemindersAsync(factory, claimId)).Single(IsNotice);
        var claimed = Assert.Single(await ClaimDueAsync(factory), c => c.Id == notice.Id);

        Assert.Equal(SendReminderJob.Outcome.Retrying, await SendAsync(factory, claimed));
        Assert.Equal(SendReminderJob.Outcome.Retrying, await SendAsync(factory, claimed));
        Assert.Equal(SendReminderJob.Outcome.Sent, await SendAsync(factory, claimed));

        var ids = flaky.Attempts.Where(a => a.Key == $"reminder-{notice.Id}").Select(a => a.MessageId).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Single(ids.Distinct());
        Assert.Equal(ids[0], MimeMessage.Load(new MemoryStream(RawOutboxFile(factory, notice.Id))).MessageId);
    }

    [Fact]
    public async Task MemberReminder_Sent_HasNoLinkToTheStaffSite()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claimId, number) = await ReferredAsync(factory, "Member Mail Unit");
        var claim = await GetAsync(await SignInAsync(factory, Rep1), $"/api/claims/{claimId}");
        await FireOkAsync(await SignInAsync(factory, Rep1), claim, "accept");

        // Document collection is due Monday 2026-04-27; the member is asked 14 days before, on Monday 2026-04-13.
        clock.SetUtcNow(California(2026, 4, 14, 9));
        await RunDueAsync(factory);

        var member = Assert.Single(OutboxFor(factory, number), m => To(m).SequenceEqual(["pat@example.org"]));
        var body = member.TextBody!;
        Assert.DoesNotContain("/claims/", body, StringComparison.Ordinal);
        Assert.DoesNotContain("http", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("localhost:5000", body, StringComparison.Ordinal);
        Assert.Contains("use the link your representative sent you", body, StringComparison.Ordinal);
        Assert.Contains("Monday, April 27, 2026", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_SeveralRepeatsFellDueWhileNothingRan_SendsOneMessage()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claimId, number) = await ReferredAsync(factory, "Burst Unit");
        await RunDueAsync(factory);

        // The escalation repeats on 6, 8, 10 and 14 April; nothing runs until the 15th.
        clock.SetUtcNow(California(2026, 4, 15, 9));
        await RunDueAsync(factory);
        await RunDueAsync(factory);

        var escalations = RemindersFor(factory, number).Where(m => To(m).Contains("ccwg@demo.local")).ToList();
        var escalation = Assert.Single(escalations);
        Assert.StartsWith($"Escalation: claim {number}", escalation.Subject, StringComparison.Ordinal);
        var overdue = (await RemindersAsync(factory, claimId)).Where(r => r.ReminderId == "accept-overdue").OrderBy(r => r.Occurrence).ToList();
        Assert.Equal([ReminderStatus.Cancelled, ReminderStatus.Cancelled, ReminderStatus.Cancelled, ReminderStatus.Sent], overdue.Select(r => r.Status));
        Assert.All(overdue.Take(3), r => Assert.StartsWith("superseded", r.LastError, StringComparison.Ordinal));
        Assert.Equal(overdue[3].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), escalation.Headers["X-CCR-Reminder"]);

        // Different reminders are not repeats of one another: the soon and the due-today messages both went.
        Assert.Equal(2, RemindersFor(factory, number).Count(m => To(m).SequenceEqual(["rep1@demo.local"])));
        var ccwgBell = await GetAsync(await SignInAsync(factory, Ccwg), "/api/me/notifications");
        Assert.Single(ccwgBell.GetProperty("items").EnumerateArray(), n => n.GetProperty("title").GetString()!.Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispatch_TwoDispatchersAfterAnOutage_ClaimOnlyTheLatestRepeat()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var claims = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            claims.Add((await ReferredAsync(factory, $"Outage Unit {i}")).ClaimId);
        }

        await RunDueAsync(factory);
        clock.SetUtcNow(California(2026, 4, 15, 9));

        var both = await Task.WhenAll(ClaimDueAsync(factory), ClaimDueAsync(factory), ClaimDueAsync(factory));
        var claimedIds = both.SelectMany(b => b).Select(c => c.Id).ToList();

        Assert.Equal(claimedIds.Count, claimedIds.Distinct().Count());
        var ids = claimedIds.ToHashSet();
        var rows = await factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => r.ReminderId == "accept-overdue").ToListAsync());
        foreach (var claimId in claims.Select(Guid.Parse))
        {
            var mine = rows.Where(r => r.ClaimId == claimId).OrderBy(r => r.Occurrence).ToList();
            Assert.Equal([mine[^1].Id], mine.Where(r => ids.Contains(r.Id)).Select(r => r.Id));
            Assert.All(mine.Take(mine.Count - 1), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        }
    }
}
