using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// A refresh token is exchanged once; a second use ends every session of the account.
public sealed class RefreshTokenTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory factory;

    public RefreshTokenTests()
    {
        factory = ReminderSupport.Factory(clock);
    }

    public void Dispose() => factory.Dispose();

    private async Task<(string Access, string Refresh)> SignInAsync(string email)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = AppFactory.Password });
        response.EnsureSuccessStatusCode();
        return Tokens(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static (string Access, string Refresh) Tokens(JsonElement body) =>
        (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private async Task<HttpStatusCode> WithBearerAsync(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/claims")).StatusCode;
    }

    [Fact]
    public async Task Refresh_Once_Returns200WithNewTokensThatWork()
    {
        var (_, refresh) = await SignInAsync(Rep1);

        var response = await RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (newAccess, newRefresh) = Tokens(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.NotEqual(refresh, newRefresh);
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(newAccess));
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(newRefresh)).StatusCode);
    }

    [Fact]
    public async Task Refresh_SameTokenAgain_Returns401AndEndsTheSessionsIssuedFromIt()
    {
        var (firstAccess, refresh) = await SignInAsync(Rep1);
        var first = await RefreshAsync(refresh);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var (renewedAccess, renewedRefresh) = Tokens(await first.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(renewedAccess));

        var again = await RefreshAsync(refresh);

        var problem = await ProblemAsync(again, HttpStatusCode.Unauthorized);
        Assert.Contains("already used", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithBearerAsync(renewedAccess));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithBearerAsync(firstAccess));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(renewedRefresh)).StatusCode);
        var (freshAccess, freshRefresh) = await SignInAsync(Rep1);
        Assert.Equal(HttpStatusCode.OK, await WithBearerAsync(freshAccess));
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(freshRefresh)).StatusCode);
    }

    [Fact]
    public async Task Refresh_SameTokenEightTimesAtOnce_OnePassesTheLedgerAndNoMoreThanOneRenews()
    {
        var (_, refresh) = await SignInAsync(Rep2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(refresh)));

        // The seven that lost end the account's sessions, which may reach the winner before Identity renews for it.
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1, string.Join(", ", answers.Select(a => (int)a.StatusCode)));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized) >= 7, string.Join(", ", answers.Select(a => (int)a.StatusCode)));
        var hash = SingleUseRefreshTokens.Hash(refresh);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Set<SpentRefreshToken>().CountAsync(t => t.TokenHash == hash)));
    }

    [Fact]
    public async Task Ledger_SameHashSpentConcurrently_ExactlyOneWins()
    {
        var ledger = factory.Services.GetRequiredService<SingleUseRefreshTokens.Ledger>();
        var hash = SingleUseRefreshTokens.Hash(Guid.NewGuid().ToString());
        var userId = await factory.UserIdAsync(Rep1);
        var now = clock.GetUtcNow();

        var won = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => ledger.TrySpendAsync(hash, userId, now, now.AddDays(14)))));

        Assert.Equal(1, won.Count(w => w));
    }

    [Fact]
    public async Task Sweep_AfterTheTokensLifetime_RemovesOnlyExpiredRows()
    {
        var ledger = factory.Services.GetRequiredService<SingleUseRefreshTokens.Ledger>();
        var userId = await factory.UserIdAsync(Rep1);
        var now = clock.GetUtcNow();
        var expired = SingleUseRefreshTokens.Hash("expired " + Guid.NewGuid());
        var live = SingleUseRefreshTokens.Hash("live " + Guid.NewGuid());
        Assert.True(await ledger.TrySpendAsync(expired, userId, now.AddDays(-15), now.AddDays(-1)));
        Assert.True(await ledger.TrySpendAsync(live, userId, now, now.AddDays(14)));

        await ledger.SweepAsync(now, CancellationToken.None);

        var left = await factory.WithDbAsync(db => db.Set<SpentRefreshToken>().Where(t => t.TokenHash == expired || t.TokenHash == live).Select(t => t.TokenHash).ToListAsync());
        Assert.Equal([live], left);
    }
}
