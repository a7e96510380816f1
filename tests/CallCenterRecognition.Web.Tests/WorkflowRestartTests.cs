using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// A start reads the stored definitions with plain SQL (WorkflowCatalog.SeedAsync); what it reads must be what EF read.
public sealed class WorkflowRestartTests
{
    private const string Definition = "article-21-4-recognition";

    [Fact]
    public async Task Restart_AfterAStoredVersionWasPublished_KeepsItPublishedAndStoresNothingNew()
    {
        using var first = new AppFactory();
        var admin = await first.ClientForAsync(Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/workflows", WorkflowVersionTests.VersionThree())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/workflows/{Definition}/versions/3/publish", null)).StatusCode);
        var rows = await first.WithDbAsync(db => db.WorkflowDefinitions.CountAsync());

        using var second = first.PostgresConnectionString is { } postgres ? AppFactory.OnPostgres(postgres) : new AppFactory(first.Folder);
        var mrc = await second.ClientForAsync(Mrc);
        var opened = await OpenAsync(mrc);

        Assert.Equal(3, (await GetAsync(mrc, $"/api/claims/{Id(opened)}")).GetProperty("definitionVersion").GetInt32());
        var versions = await GetAsync(await second.ClientForAsync(Admin), $"/api/workflows/{Definition}/versions");
        Assert.Equal([true, false, false], versions.EnumerateArray().Select(v => v.GetProperty("published").GetBoolean()));
        Assert.Equal(rows, await second.WithDbAsync(db => db.WorkflowDefinitions.CountAsync()));
    }
}
