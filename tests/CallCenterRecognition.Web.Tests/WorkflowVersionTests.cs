using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Definitions are published as versions through the API: checked like a file, stored, compared, published for new claims.
public sealed class WorkflowVersionTests : IDisposable
{
    private const string Definition = "article-21-4-recognition";
    private readonly AppFactory factory = new();

    public void Dispose() => factory.Dispose();

    internal static JsonObject VersionTwo() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "article-21-4-recognition.v2.json")))!.AsObject();

    // Version 3 as a bargaining round might make it: thirty days become forty-five, and a new reminder to the member.
    internal static JsonObject VersionThree()
    {
        var json = VersionTwo();
        json["version"] = 3;
        var collection = json["stages"]!.AsArray().Single(s => (string?)s!["id"] == "document-collection")!;
        collection["due"] = "45 calendar days";
        collection["reminders"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "documents-member-again", ["when"] = "before-due", ["offset"] = "5 calendar days", ["recipient"] = "member", ["template"] = "documents-requested",
        });
        return json;
    }

    private static async Task<JsonElement> Versions(HttpClient client) => await GetAsync(client, $"/api/workflows/{Definition}/versions");

    [Fact]
    public async Task Versions_FreshDatabase_ListsBothFilesWithVersionTwoPublished()
    {
        var rep = await factory.ClientForAsync(Rep1);

        var versions = (await Versions(rep)).EnumerateArray().ToList();

        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.True(versions[0].GetProperty("published").GetBoolean());
        Assert.False(versions[1].GetProperty("published").GetBoolean());
        Assert.Equal("file", versions[0].GetProperty("source").GetString());
        Assert.True(versions[0].GetProperty("openClaims").GetInt32() > 0, "the sample claims start on the published version");
    }

    [Fact]
    public async Task Store_DefinitionWithFaults_Returns400WithEveryFaultByPathAndStoresNothing()
    {
        var admin = await factory.ClientForAsync(Admin);
        var json = VersionThree();
        json["stages"]![0]!["dueIn"] = "2 days";
        json["actions"]![3]!["checks"] = new JsonArray("evidence-complete");

        var response = await admin.PostAsJsonAsync("/api/workflows", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("unknown key 'dueIn'", errors.GetProperty("$.stages[0].dueIn")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown check 'evidence-complete'", errors.GetProperty("$.actions[3].checks[0]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await Versions(admin)).GetArrayLength());
    }

    [Fact]
    public async Task Store_ThenDiffThenPublish_NewClaimsStartOnTheNewVersionAndOldOnesKeepTheirs()
    {
        var admin = await factory.ClientForAsync(Admin);
        var mrc = await factory.ClientForAsync(Mrc);
        var before = await OpenAsync(mrc);

        var stored = await admin.PostAsJsonAsync("/api/workflows", VersionThree());
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal($"/api/workflows/{Definition}/versions/3", stored.Headers.Location?.OriginalString);
        Assert.False((await Versions(admin))[0].GetProperty("published").GetBoolean());

        var diff = await GetAsync(admin, $"/api/workflows/{Definition}/versions/3/diff");
        Assert.Equal(2, diff.GetProperty("from").GetInt32());
        var durations = diff.GetProperty("changes").GetProperty("durations");
        var collection = Assert.Single(durations.EnumerateArray());
        Assert.Equal("document-collection", collection.GetProperty("id").GetString());
        Assert.Equal("45 calendar days", collection.GetProperty("changes")[0].GetProperty("to").GetString());
        Assert.Equal(["document-collection/documents-member-again"], diff.GetProperty("changes").GetProperty("reminders").GetProperty("added").EnumerateArray().Select(a => a.GetString()));
        var fromOne = await GetAsync(admin, $"/api/workflows/{Definition}/versions/3/diff?from=1");
        Assert.Contains(fromOne.GetProperty("changes").GetProperty("actions").GetProperty("changed").EnumerateArray(), a => a.GetProperty("id").GetString() == "reassign");

        var published = await admin.PostAsync($"/api/workflows/{Definition}/versions/3/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var after = await OpenAsync(mrc);

        Assert.Equal(3, (await GetAsync(mrc, $"/api/claims/{Id(after)}")).GetProperty("definitionVersion").GetInt32());
        Assert.Equal(2, (await GetAsync(mrc, $"/api/claims/{Id(before)}")).GetProperty("definitionVersion").GetInt32());
        Assert.True((await Versions(admin))[0].GetProperty("published").GetBoolean());
    }

    [Fact]
    public async Task Store_VersionAlreadyStored_Returns409NamingTheNext()
    {
        var admin = await factory.ClientForAsync(Admin);
        var json = VersionThree();
        json["version"] = 2;

        var response = await admin.PostAsJsonAsync("/api/workflows", json);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newestVersion").GetInt32());
    }

    [Theory]
    [InlineData(Mrc)]
    [InlineData(Ccwg)]
    [InlineData(Rep1)]
    public async Task StoreOrPublish_NotAnAdministrator_Returns403(string who)
    {
        var client = await factory.ClientForAsync(who);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/workflows", VersionThree())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/workflows/{Definition}/versions/1/publish", null)).StatusCode);
    }

    [Fact]
    public async Task WorkflowsPage_AsAdmin_ShowsVersionsChangesAndAPublishLinkForTheUnpublished()
    {
        var admin = await factory.ClientForAsync(Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/workflows", VersionThree())).StatusCode);

        var page = await PageForms.GetPageAsync(factory, Admin, "/workflows");
        var versionThree = await PageForms.GetPageAsync(factory, Admin, $"/workflows?definition={Definition}&version=3");
        var publish = await PageForms.GetPageAsync(factory, Admin, $"/workflows/{Definition}/versions/3/publish");

        Assert.Contains("id=\"versions-article-21-4-recognition\"", page, StringComparison.Ordinal);
        Assert.Contains($"/workflows/{Definition}/versions/3/publish", page, StringComparison.Ordinal);
        Assert.Contains("Changes from version 2", versionThree, StringComparison.Ordinal);
        Assert.Contains("45 calendar days", versionThree, StringComparison.Ordinal);
        Assert.Contains("Publish version 3", publish, StringComparison.Ordinal);
    }
}
