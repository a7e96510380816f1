using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterRecognition.Web.BrowserTests;

// Claims of a test's own, opened and moved through the app's handlers as the demo data is, so no test leans on another's.
public static class TestClaims
{
    public static Task<Guid> OpenAsync(BrowserFixture fixture, string member, string unit, string? representative = null, bool accept = false, int? dueInDays = null, string? language = null) =>
        fixture.App.WithDbAsync(async (db, services) =>
        {
            var mrc = await PrincipalAsync(services, "mrc@demo.local");
            var opened = await services.GetRequiredService<OpenClaim.Handler>().HandleAsync(
                new OpenClaim.Command(new OpenClaim.MemberInput(member, "member.test@example.org", "916-555-0100", language), "DMV", unit, JsonSerializer.SerializeToElement("4"), "Motor Vehicle Representative", ["desk-phone"], "Answers the public by phone."),
                mrc.ToActor(),
                CancellationToken.None);
            var id = opened.Claim!.Id;
            if (representative is not null)
            {
                var repId = await db.Users.Where(u => u.Email == representative).Select(u => u.Id).SingleAsync();
                await FireAsync(db, services, id, "refer", mrc, new { representativeId = repId });
                if (accept)
                {
                    await FireAsync(db, services, id, "accept", await PrincipalAsync(services, representative));
                }
            }

            if (dueInDays is { } days)
            {
                var claim = await db.Claims.SingleAsync(c => c.Id == id);
                claim.DueAt = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(days);
                await db.SaveChangesAsync();
            }

            return id;
        });

    // A claim of the unit walked to CalHR's recognition, so the unit is a recognized call center.
    public static Task RecognizeAsync(BrowserFixture fixture, Guid claimId, string representative = "rep1@demo.local") =>
        fixture.App.WithDbAsync(async (db, services) =>
        {
            var rep = await PrincipalAsync(services, representative);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(services.GetRequiredService<TimeProvider>().GetUtcNow(), LocalClock.California()).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await FireAsync(db, services, claimId, "file-grievance", rep, new { filedOn = today, confirmMissingEvidence = "true" });
            await FireAsync(db, services, claimId, "record-decision", rep, new { outcome = "recognized", decidedOn = today });
            return 0;
        });

    // The member's page path, as the link e-mailed by the claim's representative (or the MRC) would give it.
    public static Task<string> MemberPathAsync(BrowserFixture fixture, Guid claimId, string sender) =>
        fixture.App.WithDbAsync(async (_, services) =>
        {
            var (outcome, link, reason) = await services.GetRequiredService<MemberLinks.Handler>().CreateAsync(claimId, await PrincipalAsync(services, sender), CancellationToken.None);
            Assert.True(outcome == MemberLinks.Outcome.Done, reason);
            return new Uri(link!.Url).AbsolutePath;
        });

    public static Task<string> NumberAsync(BrowserFixture fixture, Guid claimId) =>
        fixture.App.WithDbAsync((db, _) => db.Claims.Where(c => c.Id == claimId).Select(c => c.Number).SingleAsync());

    private static async Task FireAsync(AppDbContext db, IServiceProvider services, Guid id, string action, ClaimsPrincipal who, object? inputs = null)
    {
        var version = await db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
        var values = inputs is null
            ? []
            : JsonSerializer.SerializeToElement(inputs).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        var result = await services.GetRequiredService<FireAction.Handler>().HandleAsync(new FireAction.Command(id, action, version, values), who, CancellationToken.None);
        Assert.True(result.Outcome == FireAction.Outcome.Done, $"{action}: {result.Outcome} {result.Reason}");
        db.ChangeTracker.Clear();
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync((await users.FindByEmailAsync(email))!);
    }
}
