using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenterRecognition.Web.Infrastructure;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// The contract is checked, not hoped for: the served document is the checked-in one a client is generated from, it passes
// Redocly's lint, and the checker every AppFactory runs over its traffic catches an answer the document does not declare.
public sealed class OpenApiContractTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string RefreshCommand =
        "CCR_UPDATE_OPENAPI=1 dotnet test tests/CallCenterRecognition.Web.Tests --filter FullyQualifiedName~OpenApiContractTests";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task<string> ServedDocumentAsync()
    {
        var client = await factory.ClientForAsync(Mrc);
        var response = await client.GetAsync(OpenApiDocs.DocumentPath);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }

    [Fact]
    public async Task ServedDocument_SameAsTheCheckedInCopy()
    {
        var served = await ServedDocumentAsync();
        var path = Path.Combine(TestDatabase.RepositoryRoot(), ApiContract.CheckedInPath);
        if (Environment.GetEnvironmentVariable("CCR_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path), $"{ApiContract.CheckedInPath} is missing; write it with: {RefreshCommand}");
        var checkedIn = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        Assert.True(checkedIn == served,
            $"The served /openapi/v1.json differs from {ApiContract.CheckedInPath} (the generated client and the contract checks use that file). " +
            $"Review the change, then refresh it with: {RefreshCommand}");
    }

    [Fact]
    public async Task ServedDocument_RedoclyLint_NoErrors()
    {
        var root = TestDatabase.RepositoryRoot();
        var redocly = Path.Combine(root, "tests", "contract", "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is not installed; run: bash scripts/ensure-deps.sh (npm ci in tests/contract)");
        var file = Path.Combine(factory.Folder, "openapi-v1.json");
        await File.WriteAllTextAsync(file, await ServedDocumentAsync());

        var start = new ProcessStartInfo(redocly, ["lint", file, "--config", Path.Combine(root, "tests", "contract", "redocly.yaml"), "--format", "stylish"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = factory.Folder,
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await errors;
        Assert.True(process.ExitCode == 0, $"redocly lint exited {process.ExitCode}:\n{text}");
        Assert.Contains("Woohoo! Your API description is valid", text);
    }

    [Fact]
    public void Checker_UndeclaredStatusOnAnAlteredDocument_ReportsTheOperation()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(TestDatabase.RepositoryRoot(), ApiContract.CheckedInPath)))!.AsObject();
        var getClaim = document["paths"]!["/api/claims/{id}"]!["get"]!["responses"]!.AsObject();
        Assert.True(getClaim.ContainsKey("404"));
        var fits = new ApiExchange("GET", "/api/claims/{id:guid}", 404, "application/problem+json", """{"title":"Not Found","status":404}""");
        Assert.Null(new ApiContract(document).Violation(fits));

        getClaim.Remove("404");
        var violation = new ApiContract(document).Violation(fits);
        Assert.NotNull(violation);
        Assert.Contains("GetClaim", violation);
        Assert.Contains("404", violation);
    }

    [Fact]
    public async Task Factory_AnswerItsContractDoesNotDeclare_FailsWhenDisposed()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(TestDatabase.RepositoryRoot(), ApiContract.CheckedInPath)))!.AsObject();
        document["paths"]!["/api/departments"]!["get"]!["responses"]!.AsObject().Remove("200");
        var app = new AppFactory { Contract = new ApiContract(document) };
        var client = await app.ClientForAsync(Mrc);
        await GetAsync(client, "/api/departments");

        var failure = Assert.Throws<InvalidOperationException>(app.Dispose);
        Assert.Contains("GET /api/departments (ListDepartments): answered 200, which the operation does not declare", failure.Message);
    }

    [Fact]
    public void Checker_BodyWithoutARequiredPropertyOrWithAWrongType_ReportsThePath()
    {
        var contract = ApiContract.CheckedIn;
        var good = new ApiExchange("GET", "/api/departments", 200, "application/json", """{"items":[{"code":"EDD","name":"Employment Development","aliases":[]}]}""");
        Assert.Null(contract.Violation(good));

        var missing = contract.Violation(good with { Body = """{"things":[]}""" });
        Assert.NotNull(missing);
        Assert.Contains("lacks required 'items'", missing);

        var wrongType = contract.Violation(good with { Body = """{"items":[{"code":7,"name":"Employment Development","aliases":[]}]}""" });
        Assert.NotNull(wrongType);
        Assert.Contains("$.items[0].code", wrongType);
    }

    [Fact]
    public async Task Traffic_ClaimOpenedAndFetched_RecordedWithRouteTemplatesAndBodies()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Contract Sampling Unit"));
        await GetAsync(mrc, $"/api/claims/{Id(claim)}");

        var recorded = factory.Traffic.Exchanges.ToList();
        var open = Assert.Single(recorded, e => e.Method == "POST" && e.Route.TrimEnd('/') == "/api/claims" && e.Status == 201);
        Assert.Contains(Id(claim), open.Body);
        Assert.Contains(recorded, e => e.Method == "GET" && e.Route.StartsWith("/api/claims/{id", StringComparison.Ordinal) && e.Status == 200);
        Assert.All(recorded, e => Assert.Null(ApiContract.CheckedIn.Violation(e)));
    }
}
