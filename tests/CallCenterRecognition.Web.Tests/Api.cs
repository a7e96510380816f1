using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallCenterRecognition.Web.Tests;

public static class Api
{
    public const string Mrc = "mrc@demo.local";
    public const string Rep1 = "rep1@demo.local";
    public const string Rep2 = "rep2@demo.local";
    public const string Ccwg = "ccwg@demo.local";
    public const string Admin = "admin@demo.local";

    public static object NewClaim(string workUnit = "Call Center North", string department = "EDD", string member = "Pat Member", string email = "pat@example.org") => new
    {
        member = new { name = member, email, phone = "916-555-0199" },
        department,
        workUnit,
        bargainingUnit = "4",
        classification = "Program Technician II",
        phoneSystems = new[] { "acd", "cti" },
        description = "Answers public calls through an ACD queue all day.",
    };

    public static async Task<JsonElement> OpenAsync(HttpClient client, object? claim = null)
    {
        var response = await client.PostAsJsonAsync("/api/claims", claim ?? NewClaim());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> FireAsync(HttpClient client, JsonElement claim, string action, object? inputs = null, int? expectedVersion = null)
    {
        var body = new Dictionary<string, object?> { ["expectedVersion"] = expectedVersion ?? claim.GetProperty("version").GetInt32() };
        if (inputs is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(inputs).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }

        return await client.PostAsJsonAsync($"/api/claims/{Id(claim)}/actions/{action}", body);
    }

    public static async Task<JsonElement> FireOkAsync(HttpClient client, JsonElement claim, string action, object? inputs = null)
    {
        var response = await FireAsync(client, claim, action, inputs);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string Id(JsonElement claim) => claim.GetProperty("id").GetString()!;

    public static string Stage(JsonElement claim) => claim.GetProperty("stage").GetString()!;

    public static int Version(JsonElement claim) => claim.GetProperty("version").GetInt32();

    public static string[] Permitted(JsonElement claim) =>
        [.. claim.GetProperty("permittedActions").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];

    public static string[] ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
}
