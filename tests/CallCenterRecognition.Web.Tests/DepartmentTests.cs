using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Departments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Departments as a maintained list: intake and corrections take a code, name or alias and store the code; values stored before
// the list are mapped at start-up or by an administrator. Runs on SQLite by default and on PostgreSQL with CCR_TEST_PROVIDER=Postgres.
public sealed class DepartmentTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    // A department of a test's own, so counts by department are not moved by other tests.
    public static async Task<string> AddDepartmentAsync(AppFactory factory, string code, string? name = null)
    {
        await factory.WithDbAsync(async db =>
        {
            if (!await db.Departments.AnyAsync(d => d.Code == code))
            {
                db.Departments.Add(new DepartmentRow { Code = code, Name = name ?? $"Test department {code}" });
            }

            return await db.SaveChangesAsync();
        });
        return code;
    }

    [Theory]
    [InlineData("EDD")]
    [InlineData(" edd ")]
    [InlineData("Employment Development Department")]
    [InlineData("employment  development department")]
    [InlineData("CA EDD")]
    [InlineData("California Employment Development Department")]
    public async Task Open_CodeNameOrAlias_StoresTheCodeAndTheUnitKeyFromIt(string department)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var workUnit = Unique("Resolve Unit");
        var claim = await OpenAsync(mrc, NewClaim(workUnit, department: department));
        Assert.Equal("EDD", claim.GetProperty("department").GetString());
        var key = await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(claim))).Select(c => c.UnitKey).SingleAsync());
        Assert.Equal(ClaimMapping.UnitKey("EDD", workUnit), key);
    }

    [Fact]
    public async Task Open_UnknownDepartment_Returns400NamingDepartmentAndHowToFindValidOnes()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var before = await factory.WithDbAsync(db => db.Claims.CountAsync());
        var problem = await ProblemAsync(await mrc.PostAsJsonAsync("/api/claims", NewClaim(department: "XYZ")), HttpStatusCode.BadRequest);
        Assert.Equal(["department"], ErrorFields(problem));
        var message = problem.GetProperty("errors").GetProperty("department")[0].GetString()!;
        Assert.Contains("'XYZ'", message, StringComparison.Ordinal);
        Assert.Contains("GET /api/departments", message, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Claims.CountAsync()));
    }

    [Fact]
    public async Task Correct_DepartmentByName_StoresTheCode_UnknownIs400()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var workUnit = Unique("Correct Department Unit");
        var claim = await OpenAsync(mrc, NewClaim(workUnit, department: "FTB"));
        var response = await mrc.PatchAsJsonAsync($"/api/claims/{Id(claim)}", new { expectedVersion = Version(claim), department = "department of motor vehicles" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var corrected = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("DMV", corrected.GetProperty("department").GetString());
        Assert.Equal(ClaimMapping.UnitKey("DMV", workUnit), await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(claim))).Select(c => c.UnitKey).SingleAsync()));

        var refused = await mrc.PatchAsJsonAsync($"/api/claims/{Id(claim)}", new { expectedVersion = Version(corrected), department = "Dept of Nowhere" });
        Assert.Equal(["department"], ErrorFields(await ProblemAsync(refused, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Duplicates_ByDepartmentName_FindsClaimsStoredUnderTheCode()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var workUnit = Unique("Duplicate By Name Unit");
        var claim = await OpenAsync(mrc, NewClaim(workUnit, department: "DCSS"));
        var found = await GetAsync(mrc, $"/api/claims/duplicates?department={Uri.EscapeDataString("Department of Child Support Services")}&workUnit={Uri.EscapeDataString(workUnit)}");
        Assert.Contains(found.EnumerateArray(), m => m.GetProperty("id").GetString() == Id(claim) && m.GetProperty("sameUnit").GetBoolean());
    }

    [Fact]
    public async Task ListDepartments_Staff_ListsEddWithItsAliases()
    {
        var rep = await factory.ClientForAsync(Rep1);
        var items = (await GetAsync(rep, "/api/departments")).GetProperty("items").EnumerateArray().ToList();
        var edd = Assert.Single(items, i => i.GetProperty("code").GetString() == "EDD");
        Assert.Equal("Employment Development Department", edd.GetProperty("name").GetString());
        Assert.Contains("CA EDD", edd.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        foreach (var code in new[] { "FTB", "DMV", "SOS", "DCSS", "CDCR", "CalHR", "CDTFA" })
        {
            Assert.Contains(items, i => i.GetProperty("code").GetString() == code);
        }
    }

    [Fact]
    public async Task Startup_NamesAndAliases_RewrittenToCodesWithUnitKeys_UnknownValuesListedForTheAdministrator()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var workUnit = Unique("Legacy Unit");
        var nowhere = Unique("Dept of Nowhere");
        var byName = await OpenAsync(mrc, NewClaim(workUnit));
        var unknown = await OpenAsync(mrc, NewClaim(Unique("Nowhere Unit")));
        var repId = await factory.UserIdAsync(Rep2);
        // What a database written before the list holds: free text as intake typed it.
        await factory.WithDbAsync(async db =>
        {
            await db.Claims.Where(c => c.Id == Guid.Parse(Id(byName))).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Department, "Employment Development Department")
                .SetProperty(c => c.UnitKey, ClaimMapping.UnitKey("Employment Development Department", workUnit)));
            await db.Claims.Where(c => c.Id == Guid.Parse(Id(unknown))).ExecuteUpdateAsync(s => s.SetProperty(c => c.Department, nowhere));
            var rep = await db.Users.SingleAsync(u => u.Id == repId);
            rep.DepartmentsCovered = ["CDCR", "Franchise Tax Board"];
            return await db.SaveChangesAsync();
        });

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await DepartmentsSetup.InitializeAsync(scope.ServiceProvider, TextWriter.Null, CancellationToken.None);
        }

        var claims = await factory.WithDbAsync(db => db.Claims.AsNoTracking().Where(c => c.Id == Guid.Parse(Id(byName)) || c.Id == Guid.Parse(Id(unknown))).ToListAsync());
        var mapped = claims.Single(c => c.Id == Guid.Parse(Id(byName)));
        Assert.Equal("EDD", mapped.Department);
        Assert.Equal(ClaimMapping.UnitKey("EDD", workUnit), mapped.UnitKey);
        Assert.Equal(Version(byName), mapped.Version);
        Assert.Equal(nowhere, claims.Single(c => c.Id == Guid.Parse(Id(unknown))).Department);
        Assert.Equal(["CDCR", "FTB"], await factory.WithDbAsync(db => db.Users.Where(u => u.Id == repId).Select(u => u.DepartmentsCovered).SingleAsync()));

        // One department, one row.
        var dashboard = await GetAsync(await factory.ClientForAsync(Ccwg), "/api/dashboard");
        Assert.DoesNotContain("Employment Development Department", dashboard.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        Assert.Single(dashboard.GetProperty("byDepartment").EnumerateArray(), r => r.GetProperty("department").GetString() == "EDD");
        Assert.Contains("<th scope=\"row\" title=\"Employment Development Department\">EDD</th>", await PageForms.GetPageAsync(factory, Ccwg, "/dashboard"), StringComparison.Ordinal);

        // Run again: nothing left to do.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var again = await MapKnownSpellings.RunAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), TimeProvider.System, CancellationToken.None);
            Assert.Equal(0, again.Claims);
            Assert.Contains(nowhere, again.Unmapped);
        }

        var page = await PageForms.GetPageAsync(factory, Admin, "/admin/departments");
        Assert.Contains($"<tr data-value=\"{nowhere}\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-value=\"Employment Development Department\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapAction_Admin_RewritesTheValuesClaimsJournaledWithUnitKeys()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var nowhere = Unique("Dept of Nowhere");
        var workUnit = Unique("Mapped Unit");
        var claim = await OpenAsync(mrc, NewClaim(workUnit));
        await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(claim)))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Department, nowhere).SetProperty(c => c.UnitKey, ClaimMapping.UnitKey(nowhere, workUnit))));

        using var admin = await PageForms.SignedInClientAsync(factory, Admin);
        var page = await admin.GetStringAsync("/admin/departments");
        Assert.Contains(nowhere, page, StringComparison.Ordinal);
        var token = await PageForms.TokenAsync(admin, "/admin/departments");
        var response = await admin.PostAsync("/admin/departments?handler=Map", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Value"] = nowhere,
            ["MapTo"] = "SOS",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var stored = await factory.WithDbAsync(db => db.Claims.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(Id(claim))));
        Assert.Equal("SOS", stored.Department);
        Assert.Equal(ClaimMapping.UnitKey("SOS", workUnit), stored.UnitKey);
        Assert.Equal(Version(claim) + 1, stored.Version);
        var journal = (await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal")).EnumerateArray().ToList();
        var entry = journal[^1];
        Assert.Equal("claim-corrected", entry.GetProperty("action").GetString());
        Assert.Contains("SOS", entry.GetRawText(), StringComparison.Ordinal);
        Assert.True((await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
        Assert.DoesNotContain(nowhere, await admin.GetStringAsync("/admin/departments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDepartmentAndAlias_Admin_IntakeAcceptsThem_TakenSpellingRefused()
    {
        using var admin = await PageForms.SignedInClientAsync(factory, Admin);
        var code = "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var token = await PageForms.TokenAsync(admin, "/admin/departments");
        var added = await admin.PostAsync("/admin/departments?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Code"] = code,
            ["Name"] = $"Office of Testing {code}",
            ["Aliases"] = $"Testing {code}",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var alias = await admin.PostAsync("/admin/departments?handler=Alias", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["AliasCode"] = code,
            ["Alias"] = $"OOT {code}",
        }));
        Assert.Equal(HttpStatusCode.Redirect, alias.StatusCode);

        var mrc = await factory.ClientForAsync(Mrc);
        Assert.Equal(code, (await OpenAsync(mrc, NewClaim(Unique("New Dept Unit"), department: $"oot {code.ToLowerInvariant()}"))).GetProperty("department").GetString());

        var taken = await admin.PostAsync("/admin/departments?handler=Alias", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["AliasCode"] = code,
            ["Alias"] = "Employment Development Department",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("already names EDD", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Mrc)]
    [InlineData(Ccwg)]
    [InlineData(Rep1)]
    public async Task AdminPage_NotAdmin_RefusedAndNothingMapped(string email)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var nowhere = Unique("Dept of Nowhere");
        var claim = await OpenAsync(mrc, NewClaim(Unique("Refused Map Unit")));
        await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(claim))).ExecuteUpdateAsync(s => s.SetProperty(c => c.Department, nowhere)));

        using var client = await PageForms.SignedInClientAsync(factory, email);
        var get = await client.GetAsync("/admin/departments");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Contains("/Account/AccessDenied", get.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // A token from a page this account may open, so only the role stands in the way.
        var token = await PageForms.TokenAsync(client, "/workflows");
        var post = await client.PostAsync("/admin/departments?handler=Map", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Value"] = nowhere,
            ["MapTo"] = "EDD",
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/Account/AccessDenied", post.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(nowhere, await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(claim))).Select(c => c.Department).SingleAsync()));
    }

    [Fact]
    public async Task AdminMap_WithoutAntiforgeryToken_Refused()
    {
        using var admin = await PageForms.SignedInClientAsync(factory, Admin);
        var response = await admin.PostAsync("/admin/departments?handler=Map", new FormUrlEncodedContent(new Dictionary<string, string> { ["Value"] = "anything", ["MapTo"] = "EDD" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task IntakePage_UnknownDepartment_ErrorBesideTheFieldOtherValuesKept()
    {
        using var mrc = await PageForms.SignedInClientAsync(factory, Mrc);
        var form = await mrc.GetStringAsync("/intake");
        Assert.Matches("<option value=\"EDD\">EDD (—|&#x2014;) Employment Development Department</option>", form);
        var token = await PageForms.TokenAsync(mrc, "/intake");
        var response = await mrc.PostAsync("/intake", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.MemberName"] = "Kept Name",
            ["Input.MemberEmail"] = "kept@example.org",
            ["Input.Department"] = "Dept <of> Nowhere",
            ["Input.WorkUnit"] = "Kept Work Unit",
            ["Input.BargainingUnit"] = "4",
            ["Input.Classification"] = "Kept Classification",
            ["Input.Description"] = "Kept description of the unit's calls.",
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Department &#x27;Dept &lt;of&gt; Nowhere&#x27; is not on the list", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<of>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept Work Unit\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"kept@example.org\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchUser_DepartmentsByNameOrAlias_StoredAsCodes_UnknownIs400()
    {
        var admin = await factory.ClientForAsync(Admin);
        var repId = await factory.UserIdAsync(Rep1);
        var response = await admin.PatchAsJsonAsync($"/api/admin/users/{repId}", new { departments = new[] { "Franchise Tax Board", "ca edd", "SOS" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["EDD", "FTB", "SOS"], view.GetProperty("departments").EnumerateArray().Select(d => d.GetString()!).ToArray());

        var refused = await admin.PatchAsJsonAsync($"/api/admin/users/{repId}", new { departments = new[] { "EDD", "Dept of Nowhere" } });
        var problem = await ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal(["departments"], ErrorFields(problem));
        Assert.Equal(["EDD", "FTB", "SOS"], await factory.WithDbAsync(db => db.Users.Where(u => u.Id == repId).Select(u => u.DepartmentsCovered).SingleAsync()));
    }

    [Fact]
    public async Task Startup_AdministratorEditedOrAddedRows_NeverOverwritten_MissingCodesSeeded()
    {
        await factory.WithDbAsync(async db =>
        {
            var calVet = await db.Departments.SingleAsync(d => d.Code == "CalVet");
            calVet.Name = "Veterans (edited by an administrator)";
            calVet.Aliases = [];
            calVet.Active = false;
            db.Departments.Remove(await db.Departments.SingleAsync(d => d.Code == "Lottery"));
            return await db.SaveChangesAsync();
        });

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await DepartmentsSetup.InitializeAsync(scope.ServiceProvider, TextWriter.Null, CancellationToken.None);
        }

        var rows = await factory.WithDbAsync(db => db.Departments.AsNoTracking().Where(d => d.Code == "CalVet" || d.Code == "Lottery").ToListAsync());
        var edited = rows.Single(d => d.Code == "CalVet");
        Assert.Equal("Veterans (edited by an administrator)", edited.Name);
        Assert.Empty(edited.Aliases);
        Assert.False(edited.Active);
        Assert.Equal("California State Lottery", rows.Single(d => d.Code == "Lottery").Name);

        // Inactive: not offered or accepted for new claims.
        var mrc = await factory.ClientForAsync(Mrc);
        Assert.DoesNotContain((await GetAsync(mrc, "/api/departments")).GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "CalVet");
        Assert.Equal(["department"], ErrorFields(await ProblemAsync(await mrc.PostAsJsonAsync("/api/claims", NewClaim(department: "CalVet")), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public void LoadFile_SpellingNamingTwoDepartments_StopsWithTheFileAndEntry()
    {
        var path = Path.Combine(factory.Folder, "departments-bad.json");
        File.WriteAllText(path, """{ "departments": [ { "code": "EDD", "name": "Employment Development Department" }, { "code": "XED", "name": "Other", "aliases": ["employment development department"] } ] }""");
        var error = Assert.Throws<InvalidOperationException>(() => DepartmentFile.Load(path));
        Assert.Contains(path + ": departments[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("already names EDD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Shipped_HasTheIssuesDepartments()
    {
        var file = DepartmentFile.Load(Path.Combine(AppContext.BaseDirectory, "departments", "california.json"));
        foreach (var code in new[] { "EDD", "FTB", "DMV", "SOS", "DCSS", "CDCR", "CalHR", "CDTFA", "DHCS", "CDSS", "DCA", "DIR", "DGS", "CDPH", "DOJ", "Caltrans", "CalPERS", "CalSTRS", "DDS", "DOR", "CoveredCA", "CDFA", "DWR", "CalFire", "CHP", "DOI" })
        {
            Assert.Contains(file.Departments, d => d.Code == code);
        }

        var list = new DepartmentList(file.Departments);
        Assert.Equal("CalFire", list.Resolve("Cal Fire"));
        Assert.Equal("EDD", list.Resolve("ca edd"));
    }
}
