using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// The API description at /openapi/v1.json is what a generated client is built from: it must name every API route of the
// access matrix, give each operation a unique readable id, and declare the problem answers the handlers really give.
public sealed partial class OpenApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonObject> DocumentAsync()
    {
        var client = await factory.ClientForAsync(Mrc);
        var response = await client.GetAsync(OpenApiDocs.DocumentPath);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(entry => Methods.Contains(entry.Key))
            .Select(entry => (path.Key, entry.Key.ToUpperInvariant(), entry.Value!.AsObject())));

    private static JsonObject Operation(JsonObject document, string id) =>
        Operations(document).Single(o => (string?)o.Operation["operationId"] == id).Operation;

    private static string[] Statuses(JsonObject operation) => [.. operation["responses"]!.AsObject().Select(r => r.Key)];

    [Fact]
    public async Task Document_IsOpenApi31()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", (string?)document["openapi"]);
        Assert.Equal("Call Center Recognition API", (string?)document["info"]!["title"]);
    }

    [Fact]
    public async Task Document_NamesEveryApiRouteOfTheAccessMatrix()
    {
        var document = await DocumentAsync();
        var described = Operations(document).Select(o => $"{o.Method} {OpenApiDocs.Normalize(o.Path)}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var closed = AccessMatrix.ClosedIdentityEndpoints.Select(e => "/api/auth" + e).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = AccessMatrix.Rules
            .Where(r => r.Route.StartsWith("/api/", StringComparison.Ordinal) && !closed.Contains(r.Route))
            .Select(r => $"{r.Method} {OpenApiDocs.Normalize(r.Route)}")
            .Where(key => !described.Contains(key))
            .ToList();
        Assert.True(missing.Count == 0, "Routes the document does not describe:\n" + string.Join('\n', missing));
        Assert.DoesNotContain(described, key => closed.Any(c => key.EndsWith(c, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Operations_HaveUniqueReadableIds()
    {
        var document = await DocumentAsync();
        var ids = Operations(document).Select(o => (Key: $"{o.Method} {o.Path}", Id: (string?)o.Operation["operationId"])).ToList();
        Assert.True(ids.All(i => i.Id is { Length: > 0 }), "Without an operationId:\n" + string.Join('\n', ids.Where(i => string.IsNullOrEmpty(i.Id)).Select(i => i.Key)));
        Assert.True(ids.All(i => Identifier().IsMatch(i.Id!)), "Ids a client generator would mangle:\n" + string.Join('\n', ids.Where(i => !Identifier().IsMatch(i.Id!)).Select(i => $"{i.Key}: {i.Id}")));
        var duplicates = ids.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(i => i.Key))}").ToList();
        Assert.True(duplicates.Count == 0, "Ids used twice:\n" + string.Join('\n', duplicates));
        foreach (var id in new[] { "OpenClaim", "ListClaims", "GetClaim", "CorrectClaim", "FireAction", "GetJournal", "UploadDocument", "ListUnits", "AddGrievant", "ListDepartments", "SendMemberLink", "GetPacketPdf" })
        {
            Assert.Contains(id, ids.Select(i => i.Id));
        }
    }

    [Fact]
    public async Task SecuritySchemes_BearerAndCookieWithTheAntiforgeryHeader()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("http", (string?)schemes[OpenApiDocs.BearerScheme]!["type"]);
        Assert.Equal("bearer", (string?)schemes[OpenApiDocs.BearerScheme]!["scheme"]);
        Assert.Equal("apiKey", (string?)schemes[OpenApiDocs.CookieScheme]!["type"]);
        Assert.Equal("cookie", (string?)schemes[OpenApiDocs.CookieScheme]!["in"]);
        Assert.Equal("ccr.auth", (string?)schemes[OpenApiDocs.CookieScheme]!["name"]);
        Assert.Contains("RequestVerificationToken", (string?)schemes[OpenApiDocs.CookieScheme]!["description"]);

        // Signed-in operations accept either; the member's own endpoints carry their credential in the path and ask for none.
        var getClaim = Operation(document, "GetClaim");
        var required = getClaim["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToList();
        Assert.Equal([OpenApiDocs.BearerScheme, OpenApiDocs.CookieScheme], required);
        Assert.Empty(Operation(document, "GetMemberStatus")["security"]?.AsArray() ?? []);
        Assert.Empty(Operation(document, "MemberUploadDocument")["security"]?.AsArray() ?? []);
        Assert.Empty(Operation(document, "Login")["security"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task OpenClaim_Declares201And400And409WithAnExample()
    {
        var document = await DocumentAsync();
        var open = Operation(document, "OpenClaim");
        Assert.Superset(new HashSet<string> { "201", "400", "401", "403", "409", "415" }, Statuses(open).ToHashSet());
        Assert.NotNull(open["requestBody"]!["content"]!["application/json"]!["schema"]);
        Assert.Equal("EDD", (string?)open["requestBody"]!["content"]!["application/json"]!["example"]!["department"]);
        Assert.NotNull(open["responses"]!["201"]!["content"]!["application/json"]!["example"]!["permittedActions"]);
        Assert.NotNull(open["responses"]!["400"]!["content"]!["application/problem+json"]);
    }

    [Fact]
    public async Task FireAction_Declares409WithPermittedActions412And422WithMissingCategories()
    {
        var document = await DocumentAsync();
        var fire = Operation(document, "FireAction");
        Assert.Superset(new HashSet<string> { "200", "400", "404", "409", "412", "422" }, Statuses(fire).ToHashSet());
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.NotNull(Resolve(schemas, fire["responses"]!["409"]!)["properties"]!["permittedActions"]);
        Assert.NotNull(Resolve(schemas, fire["responses"]!["412"]!)["properties"]!["currentVersion"]);
        Assert.NotNull(Resolve(schemas, fire["responses"]!["422"]!)["properties"]!["missingCategories"]);
        Assert.Contains(fire["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-Match" && (string?)p["in"] == "header");
        Assert.NotNull(fire["responses"]!["409"]!["content"]!["application/problem+json"]!["example"]!["permittedActions"]);
    }

    [Fact]
    public async Task Validation_400CarriesErrors()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var schema = Resolve(schemas, Operation(document, "CorrectClaim")["responses"]!["400"]!);
        Assert.NotNull(schema["properties"]?["errors"] ?? schema["allOf"]);
        Assert.Contains("413", Statuses(Operation(document, "UploadDocument")));
        Assert.Contains("415", Statuses(Operation(document, "UploadDocument")));
        Assert.NotNull(Operation(document, "UploadDocument")["requestBody"]!["content"]!["multipart/form-data"]);
    }

    [Fact]
    public async Task Document_RefusesAnonymous()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await client.GetAsync(OpenApiDocs.DocumentPath);
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task Scalar_ForSignedInStaff_WithItsScriptAllowedByNonceOnlyThere()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Mrc, password = AppFactory.Password });
        login.EnsureSuccessStatusCode();
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        // /scalar sends the browser on to /scalar/, the page itself.
        using var bare = new HttpRequestMessage(HttpMethod.Get, OpenApiDocs.ReferencePath);
        bare.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(bare)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, OpenApiDocs.ReferencePath + "/");
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Headers.Location}: {html}");
        Assert.DoesNotContain("cdn.jsdelivr.net", html);
        Assert.True(html.Contains("openapi/v1.json", StringComparison.Ordinal), html);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html);

        using var script = new HttpRequestMessage(HttpMethod.Get, "/scalar/scalar.js");
        script.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(script)).StatusCode);

        // Other pages keep the strict policy.
        using var claims = new HttpRequestMessage(HttpMethod.Get, "/claims");
        claims.Headers.Add("Cookie", cookie);
        Assert.DoesNotContain("nonce-", (await client.SendAsync(claims)).Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Scalar_Anonymous_IsSentToSignIn()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await client.GetAsync(OpenApiDocs.ReferencePath + "/");
        Assert.True(
            response.StatusCode == HttpStatusCode.Unauthorized || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/Login", StringComparison.Ordinal)),
            $"{(int)response.StatusCode} {response.Headers.Location}");

        // The script is the package's own public code and names nothing of this app: served to anyone, like /css and /js.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/scalar.js")).StatusCode);
    }

    private static JsonObject Resolve(JsonObject schemas, JsonNode response)
    {
        var schema = response["content"]!["application/problem+json"]!["schema"]!.AsObject();
        return schema["$ref"] is { } reference ? schemas[((string)reference!).Split('/')[^1]]!.AsObject() : schema;
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex Identifier();

    [Fact]
    public async Task Document_Tags_EveryListedTagCarriesAnOperation()
    {
        var document = await DocumentAsync();
        var used = Operations(document).SelectMany(o => o.Operation["tags"]?.AsArray().Select(t => t!.GetValue<string>()) ?? []).ToHashSet(StringComparer.Ordinal);

        var listed = document["tags"]?.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList() ?? [];

        Assert.NotEmpty(listed);
        Assert.All(listed, tag => Assert.Contains(tag, used));
        Assert.DoesNotContain("ClaimsApi", listed);
    }
}
