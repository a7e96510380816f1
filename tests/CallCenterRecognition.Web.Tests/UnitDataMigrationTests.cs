using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterRecognition.Web.Tests;

// Claims made before units existed become one-grievant claims of their units, and the units' statuses come from the
// claims' stages: the demo office's year of claims is taken back to the schema before units, then forward again.
// Runs on SQLite by default and on PostgreSQL with CCR_TEST_PROVIDER=Postgres.
public sealed class UnitDataMigrationTests
{
    private const string UnitsMigration = "UnitsAndGrievants";

    [Fact]
    public async Task Migrate_DemoOfficeFromBeforeUnits_CountsKeptEveryClaimOneGrievantOfItsUnitStatusesDerived()
    {
        using var factory = DemoOfficeFixture.Office();
        _ = factory.Services;
        var before = await factory.WithDbAsync(CountsAsync);
        Assert.True(before.Claims > 20, $"the demo office should hold claims, found {before.Claims}");
        Assert.True(before.Documents > 0);

        await factory.WithDbAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var previous = migrations[migrations.FindIndex(m => m.EndsWith("_" + UnitsMigration, StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(previous);
            return 0;
        });
        var unitsTableGone = await factory.WithDbAsync(async db =>
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT COUNT(*) FROM \"Units\"");
                return false;
            }
            catch (Exception)
            {
                return true;
            }
        });
        Assert.True(unitsTableGone, "the schema before units should have no Units table");

        var derived = await factory.WithDbAsync(async db =>
        {
            await db.Database.MigrateAsync();
            return await DeriveUnitStatuses.RunAsync(db, factory.Services.GetRequiredService<WorkflowRegistry>(), factory.Services.GetRequiredService<LocalClock>(), CancellationToken.None);
        });
        var after = await factory.WithDbAsync(CountsAsync);

        Assert.Equal((before.Claims, before.Journal, before.Documents), (after.Claims, after.Journal, after.Documents));
        Assert.Equal(after.Claims, after.Grievants);
        Assert.Equal(after.DistinctUnitKeys, after.Units);
        Assert.Equal(after.Units, derived);
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Claims.AnyAsync(c => c.UnitId == null));
            Assert.False(await db.Units.AnyAsync(u => u.Status == null));
            var firstGrievants = await db.Grievants.Where(g => g.Position == 0).Join(db.Claims, g => g.ClaimId, c => c.Id, (g, c) => new { g.Name, g.Email, MemberName = c.Member.Name, MemberEmail = c.Member.Email }).ToListAsync();
            Assert.All(firstGrievants, g => Assert.Equal((g.MemberName, g.MemberEmail), (g.Name, g.Email)));
            var recognizedClaims = await db.Claims.Where(c => c.Stage == "recognized" || c.Stage == "differential-granted").Select(c => c.UnitId).Distinct().ToListAsync();
            Assert.NotEmpty(recognizedClaims);
            var statuses = await db.Units.Where(u => recognizedClaims.Contains(u.Id)).Select(u => u.Status).ToListAsync();
            Assert.All(statuses, s => Assert.True(UnitStatuses.IsRecognized(s), $"a unit with a recognized claim is {s}"));
            return 0;
        });
    }

    private sealed record Counts(int Claims, int Journal, int Documents, int Grievants, int Units, int DistinctUnitKeys);

    private static async Task<Counts> CountsAsync(AppDbContext db)
    {
        var claims = await db.Claims.CountAsync();
        var journal = await db.JournalEntries.CountAsync();
        var documents = await db.Documents.CountAsync();
        var grievants = 0;
        var units = 0;
        try
        {
            grievants = await db.Grievants.CountAsync();
            units = await db.Units.CountAsync(u => u.MergedIntoId == null);
        }
        catch (Exception)
        {
            // The schema before units has neither table.
        }

        return new Counts(claims, journal, documents, grievants, units, await db.Claims.Select(c => c.UnitKey).Distinct().CountAsync());
    }
}
