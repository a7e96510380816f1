using CallCenterRecognition.Web.Features.Operations;
using Microsoft.Data.Sqlite;

namespace CallCenterRecognition.Web.Features.Documents;

// The backup holds the database; the document store is copied by the operator. The manifest lists every stored file so a restore can say what is missing.
public static class DocumentBackup
{
    public static void Install()
    {
        Backup.ListDocuments = List;
        Backup.DocumentPresent = (configuration, document) =>
        {
            var options = new DocumentOptions();
            configuration.GetSection("Documents").Bind(options);
            return DocumentStore.IsSha256(document.Sha256) &&
                   new FileInfo(Path.Combine(Path.GetFullPath(options.Root), DocumentStore.RelativePath(document.Sha256))) is { Exists: true } file &&
                   file.Length == document.Size;
        };
    }

    private static IReadOnlyList<Backup.ManifestDocument> List(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // Deleted documents keep their files (the journal names them), and frozen packets live in the same store.
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
