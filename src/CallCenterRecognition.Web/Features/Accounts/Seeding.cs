using System.Security.Claims;
using System.Security.Cryptography;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Accounts;

public static class Seeding
{
    public const string DemoPassword = "Demo-pass-2026!";

    public static readonly (string Email, string Name, string Role)[] DemoUsers =
    [
        ("mrc@demo.local", "Maria Lopez (MRC)", Roles.Mrc),
        ("rep1@demo.local", "Raymond Chen", Roles.Representative),
        ("rep2@demo.local", "Renee Walker", Roles.Representative),
        ("ccwg@demo.local", "Irene Green (CCWG)", Roles.Ccwg),
        ("admin@demo.local", "Demo Administrator", Roles.Admin),
    ];

    // The refer page suggests by department coverage, so the demo representatives each cover part of the demo office.
    private static readonly Dictionary<string, (string Phone, string[] Departments)> DemoProfiles = new(StringComparer.Ordinal)
    {
        ["rep1@demo.local"] = ("(916) 555-0141", ["DMV", "EDD", "SOS"]),
        ["rep2@demo.local"] = ("(916) 555-0172", ["CDCR", "DCSS", "FTB"]),
    };

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    // Every start after the first finds the roles and an administrator there; one plain query says so, where RoleManager and
    // UserManager would have EF compile their LINQ queries before the first request.
    public static async Task<bool> RolesAndAdministratorPresentAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var roles = Roles.All.Select((role, i) => ("@role" + i, (object)role.ToUpperInvariant())).ToArray();
        var counts = await Startup.StartupSql.ReadAsync(
            db,
            $"""
            SELECT (SELECT COUNT(DISTINCT "NormalizedName") FROM "AspNetRoles" WHERE "NormalizedName" IN ({string.Join(", ", roles.Select(r => r.Item1))})),
                   (SELECT COUNT(*) FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" WHERE r."NormalizedName" = @admin)
            """,
            reader => (Roles: reader.GetInt64(0), Admins: reader.GetInt64(1)),
            cancellationToken,
            [.. roles, ("@admin", Roles.Admin.ToUpperInvariant())]);
        return counts is [var found] && found.Roles == Roles.All.Length && found.Admins > 0;
    }

    // First start without --demo: one administrator with a random password, shown once on the console and never stored in clear.
    public static async Task EnsureAdministratorAsync(IServiceProvider services, IConfiguration configuration, TextWriter console)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var email = configuration["Bootstrap:AdminEmail"] ?? "admin@localhost";
        var password = RandomPassword();
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator", MustChangePassword = true };
        Check(await users.CreateAsync(admin, password), "administrator");
        Check(await users.AddToRoleAsync(admin, Roles.Admin), "administrator role");
        await console.WriteLineAsync($"Created administrator {email} with one-time password: {password}");
        await console.WriteLineAsync("Sign in and change it now; it will not be shown again.");
    }

    // office: the demo office's year and a half of history before the four sample claims; without it only the samples (what the test suites build on).
    public static async Task SeedDemoAsync(IServiceProvider services, bool office = true)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        foreach (var (email, name, role) in DemoUsers)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            if (DemoProfiles.TryGetValue(email, out var profile))
            {
                user.PhoneNumber = profile.Phone;
                user.DepartmentsCovered = [.. profile.Departments];
            }

            Check(await users.CreateAsync(user, DemoPassword), email);
            Check(await users.AddToRoleAsync(user, role), email);
        }

        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Claims.AnyAsync())
        {
            return;
        }

        var mrc = await PrincipalAsync(services, "mrc@demo.local");
        var rep1 = await PrincipalAsync(services, "rep1@demo.local");
        var rep1Id = (await users.FindByEmailAsync("rep1@demo.local"))!.Id;
        var rep2Id = (await users.FindByEmailAsync("rep2@demo.local"))!.Id;
        var rep2 = await PrincipalAsync(services, "rep2@demo.local");
        if (office)
        {
            await DemoOfficeSeeding.SeedAsync(services, mrc, [(rep1, rep1Id), (rep2, rep2Id)], CancellationToken.None);
        }

        var open = services.GetRequiredService<OpenClaim.Handler>();
        var fire = services.GetRequiredService<FireAction.Handler>();

        async Task<Guid> OpenAsync(string member, string email, string department, string unit, string bu, string classification, string[] phones, string description)
        {
            var result = await open.HandleAsync(
                new OpenClaim.Command(new OpenClaim.MemberInput(member, email, "916-555-0100"), department, unit, System.Text.Json.JsonSerializer.SerializeToElement(bu), classification, phones, description),
                mrc.ToActor(),
                CancellationToken.None);
            return result.Claim!.Id;
        }

        async Task FireAsync(Guid id, string action, ClaimsPrincipal who, object? inputs = null)
        {
            var claim = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == id);
            var values = inputs is null
                ? new Dictionary<string, System.Text.Json.JsonElement>()
                : System.Text.Json.JsonSerializer.SerializeToElement(inputs).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            var result = await fire.HandleAsync(new FireAction.Command(id, action, claim.Version, values), who, CancellationToken.None);
            if (result.Outcome != FireAction.Outcome.Done)
            {
                throw new InvalidOperationException($"Demo data: {action} failed: {result.Outcome} {result.Reason}");
            }

            db.ChangeTracker.Clear();
        }

        await OpenAsync("Alex Rivera", "alex.rivera@example.org", "EDD", "Unemployment Insurance Call Center, Sacramento", "4", "Program Technician II", ["acd", "cti"],
            "Staff answer UI claimant calls all day through ACD queues, with scripts and phone codes for breaks and lunch.");
        var referred = await OpenAsync("Jordan Kim", "jordan.kim@example.org", "FTB", "Taxpayer Services Center", "4", "Tax Technician", ["acd"],
            "The unit is the point of contact for taxpayers calling about notices; quality reviews score calls.");
        await FireAsync(referred, "refer", mrc, new { representativeId = rep1Id });
        var collecting = await OpenAsync("Sam Patel", "sam.patel@example.org", "DMV", "Vehicle Registration Contact Unit", "4", "Motor Vehicle Representative", ["desk-phone", "cti"],
            "Answers registration questions from the public by phone and e-mail; supervisors monitor calls.");
        await FireAsync(collecting, "refer", mrc, new { representativeId = rep1Id });
        await FireAsync(collecting, "accept", rep1);
        await FireAsync(collecting, "add-note", rep1, new { text = "Member will send the duty statement and the org chart this week." });
        var review = await OpenAsync("Taylor Nguyen", "taylor.nguyen@example.org", "DCSS", "Customer Connect Center", "1", "Child Support Specialist", ["acd"],
            "Handles statewide child support customer calls; call scripts and customer surveys are used.");
        await FireAsync(review, "refer", mrc, new { representativeId = rep2Id });
        await FireAsync(review, "accept", rep2);
        await FireAsync(review, "file-grievance", rep2, new { filedOn = services.GetRequiredService<LocalClock>().Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), confirmMissingEvidence = "true" });
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var factory = services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(email))!);
    }

    private static string RandomPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "-_!#%+";
        var chars = new List<char>
        {
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        const string all = upper + lower + digits + symbols;
        while (chars.Count < 20)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))]);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
