using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CallCenterRecognition.Web.Tests.Pages;

public sealed class PagesApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Duplicates_SameUnitInOtherCaseOrSameEmail_ListsOpenClaimsWithReason()
    {
        var mrc = await factory.ClientForAsync(Api.Mrc);
        var opened = await Api.OpenAsync(mrc, Api.NewClaim(workUnit: "Duplicate Check Unit", department: "FTB", member: "Dana Dup", email: "dana.dup@example.org"));

        var byUnit = await Api.GetAsync(mrc, "/api/claims/duplicates?department=ftb&workUnit=duplicate%20check%20%20unit");
        var match = Assert.Single(byUnit.EnumerateArray());
        Assert.Equal(opened.GetProperty("number").GetString(), match.GetProperty("number").GetString());
        Assert.True(match.GetProperty("sameUnit").GetBoolean());
        Assert.False(match.GetProperty("sameMember").GetBoolean());

        var byEmail = await Api.GetAsync(mrc, "/api/claims/duplicates?email=DANA.DUP@example.org");
        var emailMatch = Assert.Single(byEmail.EnumerateArray());
        Assert.True(emailMatch.GetProperty("sameMember").GetBoolean());

        Assert.Empty((await Api.GetAsync(mrc, "/api/claims/duplicates?department=FTB")).EnumerateArray());
    }

    [Fact]
    public async Task Duplicates_Representative_SeesOnlyClaimsAssignedToThem()
    {
        var rep1 = await factory.ClientForAsync(Api.Rep1);

        var all = await Api.GetAsync(rep1, "/api/claims/duplicates?department=DCSS&workUnit=Customer%20Connect%20Center");

        Assert.Empty(all.EnumerateArray()); // the seeded DCSS claim belongs to rep2
        var own = await Api.GetAsync(rep1, "/api/claims/duplicates?department=FTB&workUnit=Taxpayer%20Services%20Center");
        Assert.NotEmpty(own.EnumerateArray());
    }

    [Fact]
    public async Task Duplicates_TooLongInput_Is400NamingTheField()
    {
        var mrc = await factory.ClientForAsync(Api.Mrc);
        var response = await mrc.GetAsync("/api/claims/duplicates?email=" + new string('a', 300));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Dashboard_CcwgAndMrc_CountsForCcwgAndForbiddenForMrc()
    {
        var ccwg = await factory.ClientForAsync(Api.Ccwg);
        var mrc = await factory.ClientForAsync(Api.Mrc);
        var before = await Api.GetAsync(ccwg, "/api/dashboard?department=SOS");

        await Api.OpenAsync(mrc, Api.NewClaim(workUnit: "Business Programs Call Unit", department: "SOS"));
        var after = await Api.GetAsync(ccwg, "/api/dashboard?department=SOS");

        Assert.Equal(before.GetProperty("total").GetInt32() + 1, after.GetProperty("total").GetInt32());
        var row = Assert.Single(after.GetProperty("byDepartment").EnumerateArray());
        Assert.Equal(1, row.GetProperty("byStage").GetProperty("intake").GetInt32() - (before.GetProperty("byDepartment").GetArrayLength() == 0 ? 0 : before.GetProperty("byDepartment")[0].GetProperty("byStage").GetProperty("intake").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await mrc.GetAsync("/api/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ccwg.GetAsync("/api/dashboard?status=maybe")).StatusCode);
    }

    [Fact]
    public async Task Pages_BearerTokenInsteadOfCookie_AreSentToSignIn()
    {
        var bearer = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = (await factory.ClientForAsync(Api.Ccwg)).DefaultRequestHeaders.Authorization!;
        bearer.DefaultRequestHeaders.Authorization = token;

        foreach (var path in new[] { "/dashboard", "/claims", "/intake", "/workflows", "/" })
        {
            var response = await bearer.GetAsync(path);
            Assert.True(HttpStatusCode.Redirect == response.StatusCode, path + " " + response.StatusCode);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/dashboard")).StatusCode);
    }

    [Fact]
    public async Task DashboardCsv_HostileMemberName_IsNeutralisedAndQuoted()
    {
        var mrc = await factory.ClientForAsync(Api.Mrc);
        await DepartmentTests.AddDepartmentAsync(factory, "CSVTEST");
        await Api.OpenAsync(mrc, Api.NewClaim(workUnit: "Formula, Unit", department: "CSVTEST", member: "=HYPERLINK(\"http://evil\",\"x\")", email: "formula@example.org"));
        var ccwg = await CookieClientAsync(Api.Ccwg);

        var response = await ccwg.GetAsync("/dashboard?handler=csv&department=CSVTEST");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.DispositionType, StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches("^CC-\\d{4}-\\d{5},\"'=HYPERLINK\\(\"\"http://evil\"\",\"\"x\"\"\\)\",CSVTEST,\"Formula, Unit\",4,intake,open,,", lines[1]);

        var mrcCookie = await CookieClientAsync(Api.Mrc);
        var forbidden = await mrcCookie.GetAsync("/dashboard?handler=csv");
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", forbidden.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntakePage_InvalidPost_ShowsAMessageBesideEachFieldAndSavesNothing()
    {
        var mrc = await CookieClientAsync(Api.Mrc);
        var before = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Claims));
        var token = await TokenAsync(mrc, "/intake");

        var response = await mrc.PostAsync("/intake", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.MemberName"] = "Lee",
            ["Input.MemberEmail"] = "not-an-email",
            ["Input.Department"] = "EDD",
            ["Input.BargainingUnit"] = "99",
            ["Input.PhoneSystems"] = "pager",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var (field, message) in new[]
        {
            ("Input.MemberEmail", "E-mail is not an e-mail address."),
            ("Input.WorkUnit", "Work unit is required."),
            ("Input.BargainingUnit", "Bargaining unit must be one of"),
            ("Input.Classification", "Classification is required."),
            ("Input.PhoneSystems", "Phone system: &#x27;pager&#x27; is not one of"),
            ("Input.Description", "Description is required."),
        })
        {
            Assert.Matches($"data-valmsg-for=\"{System.Text.RegularExpressions.Regex.Escape(field)}\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(message)}", html);
        }

        Assert.DoesNotContain("data-valmsg-for=\"Input.MemberName\" data-valmsg-replace=\"true\">Name", html, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Claims)));
    }

    private Task<HttpClient> CookieClientAsync(string email) => PageForms.SignedInClientAsync(factory, email);

    private static Task<string> TokenAsync(HttpClient client, string path) => PageForms.TokenAsync(client, path);

    [Fact]
    public async Task SignInPage_Anonymous_IsServedWithAntiforgeryTokenAndStaticCss()
    {
        var client = factory.CreateClient();
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        var css = await client.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }
}
