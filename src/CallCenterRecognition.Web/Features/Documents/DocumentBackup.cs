using System.Runtime.CompilerServices;
using CallCenterRecognition.Web.Features.Operations;
using Microsoft.Data.Sqlite;

namespace CallCenterRecognition.Web.Features.Documents;

// The backup holds the database; the document store (files or an S3 bucket) is copied by the operator. The manifest lists
// every stored document and names the store, so a restore can say what is missing there. (With the database store, on
// PostgreSQL, the documents are rows of the database and travel in its pg_dump.)
public static class DocumentBackup
{
    private static readonly ConditionalWeakTable<IConfiguration, IContentStore> Stores = [];

    public static void Install()
    {
        Backup.ListDocuments = List;
        Backup.DocumentStoreKind = ContentStores.Kind;
        Backup.DocumentPresent = (configuration, document) =>
            DocumentStore.IsSha256(document.Sha256) &&
            Stores.GetValue(configuration, ContentStores.Create).SizeAsync(document.Sha256, CancellationToken.None).GetAwaiter().GetResult() == document.Size;
    }

    private static IReadOnlyList<Backup.ManifestDocument> List(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // Deleted documents keep their content (the journal names them), and frozen packets live in the same store.
        command.CommandText = """
            SELECT Sha256, MAX(Size) FROM Documents GROUP BY Sha256
            UNION
            SELECT Sha256, MAX(Size) FROM PacketBuilds WHERE Sha256 IS NOT NULL AND Status = 'done' GROUP BY Sha256
            ORDER BY 1
            """;
        var documents = new List<Backup.ManifestDocument>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            documents.Add(new Backup.ManifestDocument(reader.GetString(0), reader.GetInt64(1)));
        }

        return [.. documents.DistinctBy(d => d.Sha256)];
    }
}
