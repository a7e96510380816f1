using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class LogRedactionTests
{
    private const string MemberEmail = "quinn.redact.4471@example.org";
    private const string MemberPhone = "916-555-3317";

    [Theory]
    [InlineData("Warning")]
    [InlineData("Information")]
    public async Task MemberLinkScenario_AsProcessAtInformation_ConsoleHoldsNoTokenEmailOrPhone(string aspNetCoreLevel)
    {
        var folder = Directory.CreateTempSubdirectory("ccr-logs-").FullName;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Demo"] = "true", ["DemoOffice"] = "false", ["Hangfire:Server"] = "false",
                ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = aspNetCoreLevel,
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
            };
            await using var app = await AppProcess.StartAsync(folder, settings);
            var mrc = await app.ClientForAsync(Mrc);
            var rep = await app.ClientForAsync(Rep1);
            using var anonymous = new HttpClient { BaseAddress = app.Address };
            var repId = (await GetAsync(mrc, "/api/representatives")).EnumerateArray().First(r => r.GetProperty("email").GetString() == Rep1).GetProperty("id").GetString();
            var claim = await OpenAsync(mrc, new
            {
                member = new { name = "Quinn Redact", email = MemberEmail, phone = MemberPhone },
                department = "EDD", workUnit = "Redaction Unit", bargainingUnit = "4", classification = "PT II",
                phoneSystems = new[] { "acd" }, description = "Answers calls.",
            });
            claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = repId });
            await FireOkAsync(rep, claim, "accept");
            var link = await rep.PostAsync($"/api/claims/{Id(claim)}/member-link", null);
            Assert.Equal(HttpStatusCode.Created, link.StatusCode);
            var url = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
            var token = url[(url.LastIndexOf('/') + 1)..];
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/member/{token}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/member/{token}")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync($"/api/member/{token}/documents", Form(Png(7), "chart.png", "org-charts"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await mrc.GetAsync($"/api/claims/duplicates?email={Uri.EscapeDataString(MemberEmail)}")).StatusCode);
            var feed = await (await rep.PostAsync("/api/me/deadlines-feed", null)).Content.ReadFromJsonAsync<JsonElement>();
            var feedToken = feed.GetProperty("token").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/me/deadlines.ics?token={Uri.EscapeDataString(feedToken)}")).StatusCode);
            const string Guess = "GuessedTokenAbcdefghijklmnopqrstuvwxyz0123456";
            await anonymous.GetAsync($"/member/{Guess}");
            await anonymous.GetAsync($"/api/member/{Guess}");

            var output = await OutputContainingAsync(app, "GET /api/member/[redacted] responded 404");
            Assert.Contains("GET /member/[redacted] responded 200", output, StringComparison.Ordinal);
            Assert.Contains("POST /api/member/[redacted]/documents responded 201", output, StringComparison.Ordinal);
            Assert.Contains("/api/claims/duplicates?email=[redacted]", output, StringComparison.Ordinal);
            Assert.Contains("/api/me/deadlines.ics?token=[redacted]", output, StringComparison.Ordinal);
            foreach (var secret in new[] { token, feedToken, Uri.EscapeDataString(feedToken), Guess, MemberEmail, Uri.EscapeDataString(MemberEmail), MemberPhone })
            {
                Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> OutputContainingAsync(AppProcess app, string expected)
    {
        // The console logger writes from a queue; give it a moment to drain.
        for (var i = 0; i < 50 && !app.Output.Contains(expected, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        return app.Output;
    }
}
