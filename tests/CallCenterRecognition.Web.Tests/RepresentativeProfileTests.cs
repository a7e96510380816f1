using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.StaffInvitationTests;

namespace CallCenterRecognition.Web.Tests;

// A representative's phone and the departments they cover, and the suggestions at referral that follow from them.
// Runs on SQLite by default and on PostgreSQL with CCR_TEST_PROVIDER=Postgres.
public sealed class RepresentativeProfileTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Patch_PhoneAndDepartments_CleanedAuditedAndShownOnTheAccountPage()
    {
        var admin = await factory.ClientForAsync(Admin);
        var id = await NewRepresentativeAsync(admin, "Paula Profile");

        var response = await admin.PatchAsJsonAsync($"/api/admin/users/{id}", new { phone = " (916) 555-0100 ", departments = new[] { "FTB", " edd ", "EDD", "" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("(916) 555-0100", view.GetProperty("phone").GetString());
        Assert.Equal(["EDD", "FTB"], view.GetProperty("departments").EnumerateArray().Select(d => d.GetString()!).ToArray());

        var changes = await factory.WithDbAsync(db => db.Set<AccountAuditRow>().Where(a => a.UserId == id && a.Field != null)
            .OrderBy(a => a.Id).Select(a => new { a.Field, a.OldValue, a.NewValue }).ToListAsync());
        Assert.Contains(changes, c => c.Field == "phone" && c.OldValue == string.Empty && c.NewValue == "(916) 555-0100");
        Assert.Contains(changes, c => c.Field == "departments" && c.OldValue == string.Empty && c.NewValue == "EDD, FTB");

        var page = await PageForms.GetPageAsync(factory, Admin, $"/admin/users/{id}");
        Assert.Contains("(916) 555-0100", page, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"account-departments\">EDD, FTB</dd>", page, StringComparison.Ordinal);

        // The same list again changes nothing and records nothing.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{id}", new { departments = new[] { "FTB", "edd" } })).StatusCode);
        Assert.Equal(changes.Count, await factory.WithDbAsync(db => db.Set<AccountAuditRow>().CountAsync(a => a.UserId == id && a.Field != null)));
    }

    [Theory]
    [InlineData("{\"phone\":\"call me <b>\"}", "phone")]
    [InlineData("{\"phone\":\"12345678901234567890123456789012345678901\"}", "phone")]
    [InlineData("{\"departments\":[null]}", "departments")]
    [InlineData("{\"departments\":[\"EDD\\u0007\"]}", "departments")]
    public async Task Patch_BadPhoneOrDepartments_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        var admin = await factory.ClientForAsync(Admin);
        var id = await NewRepresentativeAsync(admin, "Bad Input");
        var response = await admin.PatchAsync($"/api/admin/users/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], ErrorFields(problem));
        var user = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.Null(user.PhoneNumber);
        Assert.Empty(user.DepartmentsCovered);
    }

    [Fact]
    public async Task Representatives_ByDepartment_CoveringFirstLeastLoadedFirstWithoutDeactivated()
    {
        var admin = await factory.ClientForAsync(Admin);
        var mrc = await factory.ClientForAsync(Mrc);
        var department = await DepartmentTests.AddDepartmentAsync(factory, $"Dept {Guid.NewGuid():N}"[..13]);
        var busy = await NewRepresentativeAsync(admin, "Busy Covering", department);
        var lighter = await NewRepresentativeAsync(admin, "Lighter Covering", department);
        var idle = await NewRepresentativeAsync(admin, "Idle Covering", department.ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal));
        var gone = await NewRepresentativeAsync(admin, "Gone Covering", department);
        foreach (var (rep, count) in new[] { (busy, 2), (lighter, 1) })
        {
            for (var i = 0; i < count; i++)
            {
                await FireOkAsync(mrc, await OpenAsync(mrc, NewClaim(workUnit: $"Unit {Guid.NewGuid():N}", department: department)), "refer", new { representativeId = rep });
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{gone}", new { active = false })).StatusCode);

        var items = (await GetAsync(mrc, $"/api/representatives?department={Uri.EscapeDataString(" " + department.ToUpperInvariant())}")).EnumerateArray().ToList();
        var ids = items.Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.DoesNotContain(gone, ids);
        Assert.Equal([idle, lighter, busy], ids.Take(3).ToArray());
        Assert.All(items.Take(3), i => Assert.True(i.GetProperty("coversDepartment").GetBoolean()));
        Assert.All(items.Skip(3), i => Assert.False(i.GetProperty("coversDepartment").GetBoolean()));
        Assert.Equal([0, 1, 2], items.Take(3).Select(i => i.GetProperty("openClaimCount").GetInt32()).ToArray());

        // Without a department the list is by name and still leaves out the deactivated.
        var all = (await GetAsync(mrc, "/api/representatives")).EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
        Assert.Equal(all.Order(StringComparer.CurrentCultureIgnoreCase), all);
        Assert.DoesNotContain("Gone Covering", all);
    }

    [Fact]
    public async Task ReferPage_ClaimOfACoveredDepartment_ListsTheCoveringRepresentativeFirstWithTheirClaims()
    {
        var admin = await factory.ClientForAsync(Admin);
        var mrc = await factory.ClientForAsync(Mrc);
        var department = await DepartmentTests.AddDepartmentAsync(factory, $"Dept {Guid.NewGuid():N}"[..13]);
        var rep = await NewRepresentativeAsync(admin, "Cora Covering", department);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{rep}", new { phone = "916-555-0199" })).StatusCode);
        var earlier = await FireOkAsync(mrc, await OpenAsync(mrc, NewClaim(workUnit: $"Unit {Guid.NewGuid():N}", department: department)), "refer", new { representativeId = rep });
        var claim = await OpenAsync(mrc, NewClaim(workUnit: $"Unit {Guid.NewGuid():N}", department: department));

        var page = await PageForms.GetPageAsync(factory, Mrc, $"/intake/{Id(claim)}/refer");
        var first = page.IndexOf("name=\"RepresentativeId\"", StringComparison.Ordinal);
        Assert.True(first >= 0, "no representative choice on the page");
        Assert.Contains($"value=\"{rep}\"", page[first..(first + 200)], StringComparison.Ordinal);
        Assert.Contains($"covers {department}", page, StringComparison.Ordinal);
        Assert.Matches("1 open claim(?:&#xB7;| · | &#xB7; )916-555-0199", page);
        Assert.Contains($"<a href=\"/claims/{Id(earlier)}\">{earlier.GetProperty("number").GetString()}</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refer_ToADeactivatedRepresentative_Returns400AndTheClaimStays()
    {
        var admin = await factory.ClientForAsync(Admin);
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await NewRepresentativeAsync(admin, "Left Already");
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{rep}", new { active = false })).StatusCode);
        var claim = await OpenAsync(mrc);

        var problem = await ProblemAsync(await FireAsync(mrc, claim, "refer", new { representativeId = rep }), HttpStatusCode.BadRequest);
        Assert.Equal(["representativeId"], ErrorFields(problem));
        Assert.Equal("intake", Stage(await GetAsync(mrc, $"/api/claims/{Id(claim)}")));
    }

    private async Task<string> NewRepresentativeAsync(HttpClient admin, string name, params string[] departments)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { email = Unique("rep"), displayName = name, roles = new[] { Roles.Representative } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        if (departments.Length > 0)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{id}", new { departments })).StatusCode);
        }

        return id;
    }
}
