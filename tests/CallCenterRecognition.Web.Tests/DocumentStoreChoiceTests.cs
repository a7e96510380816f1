using CallCenterRecognition.Web.Features.Documents;
using Microsoft.Extensions.Configuration;

namespace CallCenterRecognition.Web.Tests;

public sealed class DocumentStoreChoiceTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Kind_Unset_IsFilesOnSqliteAndDatabaseOnPostgres()
    {
        Assert.Equal(ContentStores.Files, ContentStores.Kind(Settings()));
        Assert.Equal(ContentStores.Database, ContentStores.Kind(Settings(("Database:Provider", "Postgres"))));
        Assert.Equal(ContentStores.S3, ContentStores.Kind(Settings(("Database:Provider", "Postgres"), ("Documents:Store", "S3"))));
        Assert.Equal(ContentStores.Files, ContentStores.Kind(Settings(("Database:Provider", "Postgres"), ("Documents:Store", "files"))));
    }

    [Fact]
    public void Kind_DatabaseOnSqlite_RefusedNamingTheSettings()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContentStores.Kind(Settings(("Documents:Store", "database"))));

        Assert.Contains("Documents:Store", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Database:Provider=Postgres", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kind_Unknown_RefusedListingTheChoices()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContentStores.Kind(Settings(("Documents:Store", "nfs"))));

        Assert.Contains("files, database, s3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_S3WithoutBucket_RefusedNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContentStores.Create(Settings(("Documents:Store", "s3"), ("Documents:S3:ServiceUrl", "http://127.0.0.1:9"))));

        Assert.Contains("Documents:S3:Bucket", ex.Message, StringComparison.Ordinal);
    }
}
