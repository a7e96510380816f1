using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class ApiSurfaceTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task OpenClaim_MissingAndInvalidFields_Returns400NamingEachAndStoresNothing()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var before = (await GetAsync(mrc, "/api/claims?pageSize=1")).GetProperty("total").GetInt32();
        var response = await mrc.PostAsJsonAsync("/api/claims", new
        {
            member = new { name = "", email = "not-an-email", phone = "call me<script>" },
            department = "EDD",
            workUnit = new string('x', 201),
            bargainingUnit = "99",
            classification = "",
            phoneSystems = new[] { "carrier-pigeon" },
            description = "",
        });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(
            ["member.name", "member.email", "member.phone", "workUnit", "bargainingUnit", "classification", "phoneSystems", "description"],
            ErrorFields(problem));
        Assert.Equal(before, (await GetAsync(mrc, "/api/claims?pageSize=1")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{\"department\": 5}", "department")]
    [InlineData("{\"member\": {\"name\": \"A\", \"nickname\": \"B\"}}", "member.nickname")]
    [InlineData("{\"colour\": \"blue\"}", "colour")]
    [InlineData("{\"department\": ", "department")]
    public async Task OpenClaim_WrongTypesOrUnknownFields_Returns400NamingField(string json, string field)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var response = await mrc.PostAsync("/api/claims", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Contains(field, ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task OpenClaim_NotJson_Returns415()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var response = await mrc.PostAsync("/api/claims", new StringContent("member=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task OpenClaim_BargainingUnitAsNumber_IsAccepted()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, new
        {
            member = new { name = "Numeric Unit", email = "numeric@example.org" },
            department = "SOS",
            workUnit = "Business Programs",
            bargainingUnit = 1,
            classification = "Office Technician",
            phoneSystems = Array.Empty<string>(),
            description = "Answers calls.",
        });
        Assert.Equal("1", claim.GetProperty("bargainingUnit").GetString());
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("member").GetProperty("phone").ValueKind);
    }

    [Fact]
    public async Task Api_WithoutToken_Returns401Problem()
    {
        using var anonymous = factory.CreateClient();
        foreach (var url in new[] { "/api/claims", "/api/workflows", "/api/representatives" })
        {
            await ProblemAsync(await anonymous.GetAsync(url), HttpStatusCode.Unauthorized);
        }

        await ProblemAsync(await anonymous.PostAsJsonAsync("/api/claims", NewClaim()), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401()
    {
        using var anonymous = factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = Mrc, password = "wrong-password-1!" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Register_AnonymousSignUp_IsNotOffered()
    {
        using var anonymous = factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "intruder@example.org", password = "Intruder-pass-2026!" });
        await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Null(await factory.WithDbAsync(db => Task.FromResult(db.Users.FirstOrDefault(u => u.Email == "intruder@example.org"))));
    }

    [Fact]
    public async Task Api_UserWithNoRole_Returns403Everywhere()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByEmailAsync("norole@demo.local") is null)
            {
                var result = await users.CreateAsync(new AppUser { UserName = "norole@demo.local", Email = "norole@demo.local", DisplayName = "No Role" }, AppFactory.Password);
                Assert.True(result.Succeeded);
            }
        }

        var client = await factory.ClientForAsync("norole@demo.local");
        foreach (var url in new[] { "/api/claims", "/api/workflows", "/api/representatives" })
        {
            await ProblemAsync(await client.GetAsync(url), HttpStatusCode.Forbidden);
        }

        await ProblemAsync(await client.PostAsJsonAsync("/api/claims", NewClaim()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OpenClaim_AsRepresentative_Returns403()
    {
        var rep = await factory.ClientForAsync(Rep1);
        await ProblemAsync(await rep.PostAsJsonAsync("/api/claims", NewClaim("Rep Opens")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListClaims_Representative_SeesOnlyAssignedClaims()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep2 = await factory.ClientForAsync(Rep2);
        var rep2Id = await factory.UserIdAsync(Rep2);
        var mine = await OpenAsync(mrc, NewClaim("Queue Unit Mine", member: "Queue Owner"));
        await FireOkAsync(mrc, mine, "refer", new { representativeId = rep2Id });
        var notMine = await OpenAsync(mrc, NewClaim("Queue Unit Other", member: "Queue Stranger"));

        var list = await GetAsync(rep2, "/api/claims?pageSize=100");
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains(Id(mine), ids);
        Assert.DoesNotContain(Id(notMine), ids);
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal(rep2Id, i.GetProperty("assignedRepresentative").GetProperty("id").GetString()));

        var all = await GetAsync(mrc, "/api/claims?q=queue&pageSize=100");
        Assert.Equal(2, all.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ListClaims_FiltersAndPaging_NarrowAndCount()
    {
        var ccwg = await factory.ClientForAsync(Ccwg);
        var mrc = await factory.ClientForAsync(Mrc);
        for (var i = 0; i < 3; i++)
        {
            await OpenAsync(mrc, NewClaim($"Paging Unit {i}", "CDCR", $"Paging Person {i}"));
        }

        var page1 = await GetAsync(ccwg, "/api/claims?department=CDCR&stage=intake&q=paging person&page=1&pageSize=2");
        Assert.Equal(3, page1.GetProperty("total").GetInt32());
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        var page2 = await GetAsync(ccwg, "/api/claims?department=CDCR&stage=intake&q=paging person&page=2&pageSize=2");
        Assert.Equal(1, page2.GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await GetAsync(ccwg, "/api/claims?department=CDCR&stage=referral&q=paging person")).GetProperty("total").GetInt32());
        var byNumber = page2.GetProperty("items")[0].GetProperty("number").GetString()!;
        Assert.Equal(1, (await GetAsync(ccwg, $"/api/claims?q={byNumber.ToLowerInvariant()}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=abc", "page")]
    public async Task ListClaims_BadPaging_Returns400NamingField(string query, string field)
    {
        var ccwg = await factory.ClientForAsync(Ccwg);
        Assert.Equal([field], ErrorFields(await ProblemAsync(await ccwg.GetAsync($"/api/claims?{query}"), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Workflows_ListGetAndDiagram_DescribeTheDefinition()
    {
        var ccwg = await factory.ClientForAsync(Ccwg);
        var list = await GetAsync(ccwg, "/api/workflows");
        Assert.Contains(list.EnumerateArray(), w => w.GetProperty("definitionId").GetString() == "article-21-4-recognition");

        var definition = await GetAsync(ccwg, "/api/workflows/article-21-4-recognition");
        Assert.Equal(
            ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied", "differential-granted", "closed", "withdrawn"],
            definition.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var refer = definition.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "refer");
        Assert.Equal(["Mrc", "Ccwg", "Admin"], refer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("representativeId", refer.GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal("5 business days", definition.GetProperty("stages")[1].GetProperty("due").GetString());

        var diagram = await ccwg.GetAsync("/api/workflows/article-21-4-recognition/diagram");
        Assert.Equal("text/plain", diagram.Content.Headers.ContentType?.MediaType);
        var text = await diagram.Content.ReadAsStringAsync();
        Assert.StartsWith("stateDiagram-v2", text);
        Assert.Contains("record-decision", text);

        await ProblemAsync(await ccwg.GetAsync("/api/workflows/no-such-workflow"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Representatives_OpenClaimCount_FollowsReferrals()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        async Task<int> CountAsync() => (await GetAsync(mrc, "/api/representatives")).EnumerateArray()
            .Single(r => r.GetProperty("email").GetString() == Rep2).GetProperty("openClaimCount").GetInt32();

        var reps = await GetAsync(mrc, "/api/representatives");
        Assert.Equal([Rep1, Rep2], reps.EnumerateArray().Select(r => r.GetProperty("email").GetString()).Order());
        var before = await CountAsync();
        var claim = await OpenAsync(mrc, NewClaim("Count Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep2) });
        Assert.Equal(before + 1, await CountAsync());
        await FireOkAsync(mrc, claim, "withdraw", new { reason = "duplicate" });
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Health_LiveAndReady_Return200()
    {
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var report = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(report.RootElement.GetProperty("checks").TryGetProperty("ocr", out _));
    }
}
