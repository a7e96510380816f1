using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Two app instances (separate hosts, containers and key rings) over one PostgreSQL database.
public sealed class ScaleOutTests : IDisposable
{
    private readonly string connectionString = TestDatabase.CreatePostgresDatabase();
    private readonly AppFactory first;
    private readonly AppFactory second;

    public ScaleOutTests()
    {
        first = AppFactory.OnPostgres(connectionString);
        _ = first.CreateClient();
        second = AppFactory.OnPostgres(connectionString);
        _ = second.CreateClient();
    }

    [Fact]
    public async Task Claim_CreatedOnOneInstance_IsAdvancedOnTheOther()
    {
        var claim = await OpenAsync(await first.ClientForAsync(Mrc), NewClaim("Scale Out Unit"));
        var onSecond = await second.ClientForAsync(Mrc);
        claim = await GetAsync(onSecond, $"/api/claims/{Id(claim)}");
        claim = await FireOkAsync(onSecond, claim, "refer", new { representativeId = await second.UserIdAsync(Rep1) });
        var rep = await first.ClientForAsync(Rep1);
        claim = await FireOkAsync(rep, await GetAsync(rep, $"/api/claims/{Id(claim)}"), "accept");
        Assert.Equal("document-collection", Stage(claim));
    }

    [Fact]
    public async Task SignIn_CookieAndTokenFromOneInstance_WorkOnTheOther()
    {
        using var firstClient = first.CreateClient(new() { HandleCookies = false });
        var login = await firstClient.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Ccwg, password = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ccr.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var secondClient = second.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/claims");
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.SendAsync(request)).StatusCode);

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/claims");
        forged.Headers.Add("Cookie", cookie[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondClient.SendAsync(forged)).StatusCode);

        var tokenClient = await first.ClientForAsync(Rep2);
        using var bearer = second.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = tokenClient.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/claims")).StatusCode);
    }

    [Fact]
    public async Task ConcurrentActions_SpreadOverBothInstances_LeaveConsistentJournals()
    {
        const int claimCount = 20;
        const int actionsPerClaim = 10;
        var mrcClients = new[] { await first.ClientForAsync(Mrc), await second.ClientForAsync(Mrc) };
        var repClients = new[] { await first.ClientForAsync(Rep1), await second.ClientForAsync(Rep1) };
        var rep1Id = await first.UserIdAsync(Rep1);
        var claims = new List<JsonElement>();
        for (var i = 0; i < claimCount; i++)
        {
            claims.Add(await OpenAsync(mrcClients[i % 2], NewClaim($"Concurrency Unit {i}")));
        }

        // Each claim gets 10 actions (refer, accept, 7 notes, file-grievance) fired by whichever instance is free, racing with a retry on 412.
        var acknowledged = 0;
        async Task RunClaimAsync(int index)
        {
            var id = Id(claims[index]);
            var plan = new List<(string Action, object? Inputs, bool Rep)> { ("refer", new { representativeId = rep1Id }, false), ("accept", null, true) };
            plan.AddRange(Enumerable.Range(0, actionsPerClaim - 3).Select(n => ("add-note", (object?)new { text = $"note {n}" }, n % 2 == 0)));
            plan.Add(("file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = "true" }, true));
            var step = 0;
            var attempt = index;
            while (step < plan.Count)
            {
                var (action, inputs, rep) = plan[step];
                var client = (rep ? repClients : mrcClients)[attempt++ % 2];
                var current = await GetAsync(client, $"/api/claims/{id}");
                var response = await FireAsync(client, current, action, inputs);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref acknowledged);
                    step++;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
                }
            }
        }

        // Two racers per claim fire the same plan's notes too, so versions genuinely collide.
        async Task NoiseAsync(int index)
        {
            var id = Id(claims[index]);
            for (var n = 0; n < 5; n++)
            {
                var client = mrcClients[(index + n + 1) % 2];
                var current = await GetAsync(client, $"/api/claims/{id}");
                if (current.GetProperty("status").GetString() != "open" || !Permitted(current).Contains("add-note"))
                {
                    return;
                }

                var response = await FireAsync(client, current, "add-note", new { text = $"noise {n}" });
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref acknowledged);
                }
                else
                {
                    Assert.True(response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, claimCount).SelectMany(i => new[] { RunClaimAsync(i), NoiseAsync(i) }));

        Assert.True(acknowledged >= claimCount * actionsPerClaim);
        var totalEntries = 0;
        await first.WithDbAsync(async db =>
        {
            foreach (var claim in claims)
            {
                var id = Guid.Parse(Id(claim));
                var row = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id);
                Assert.Equal("calhr-review", row.Stage);
                var entries = await db.JournalEntries.AsNoTracking().Where(e => e.ClaimId == id).OrderBy(e => e.Sequence).ToListAsync();
                var verification = JournalChain.Verify(entries.Select(e => e.ToEntry()));
                Assert.True(verification.Valid, verification.Reason);
                Assert.Equal(row.JournalSequence, entries.Count);
                Assert.Equal(row.Version, entries.Count);
                Assert.Equal(row.JournalHash, entries[^1].Hash);
                totalEntries += entries.Count;
            }

            return 0;
        });

        // Every acknowledged action is in a journal, plus one start entry per claim; nothing else.
        Assert.Equal(acknowledged + claimCount, totalEntries);
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
        TestDatabase.DropPostgresDatabase(connectionString);
    }
}
