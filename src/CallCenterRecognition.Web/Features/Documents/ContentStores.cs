using CallCenterRecognition.Web.Data;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Documents;

// Documents:Store picks where document bytes live; unset, the embedded default keeps files and PostgreSQL keeps them inside.
public static class ContentStores
{
    public const string Files = "files";
    public const string Database = "database";
    public const string S3 = "s3";

    public static string Kind(IConfiguration configuration)
    {
        var configured = configuration["Documents:Store"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DatabaseSetup.Provider(configuration) == DatabaseProvider.Postgres ? Database : Files;
        }

        var kind = configured.Trim().ToLowerInvariant();
        if (kind is not (Files or Database or S3))
        {
            throw new InvalidOperationException($"Documents:Store '{configured}' is not one of files, database, s3.");
        }

        if (kind == Database && DatabaseSetup.Provider(configuration) != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Documents:Store 'database' keeps documents in PostgreSQL: set Database:Provider=Postgres, or use files or s3.");
        }

        return kind;
    }

    public static IContentStore Create(IConfiguration configuration)
    {
        var options = new DocumentOptions();
        configuration.GetSection("Documents").Bind(options);
        return Kind(configuration) switch
        {
            Database => new DatabaseContentStore(configuration.GetConnectionString("Postgres")!),
            S3 => new S3ContentStore(options.S3),
            _ => new FileContentStore(Options.Create(options)),
        };
    }
}
