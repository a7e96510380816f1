using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.DataProtection;

namespace CallCenterRecognition.Web.Infrastructure;

/// <summary>
/// The Data Protection key ring signs every cookie and bearer token. With <c>DataProtection:CertificatePath</c> its keys
/// are encrypted at rest with that certificate; the shared deployment (keys in PostgreSQL, readable by whoever reads the
/// database) refuses to start without one.
/// </summary>
public static class KeyRingProtection
{
    public const string PathKey = "DataProtection:CertificatePath";

    public const string PasswordKey = "DataProtection:CertificatePassword";

    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        if (configuration[PathKey] is not { Length: > 0 } path)
        {
            if (DatabaseSetup.Provider(configuration) == DatabaseProvider.Postgres)
            {
                throw Refusal($"on PostgreSQL the key ring lives in the shared database and must be encrypted: set {PathKey} to a PKCS#12 (.pfx) certificate with a private key, and {PasswordKey} to its password (environment: DataProtection__CertificatePath, DataProtection__CertificatePassword)");
            }

            return builder;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(path), configuration[PasswordKey], X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Refusal($"the certificate '{path}' could not be read ({ex.Message.TrimEnd('.')}); check the file and {PasswordKey}");
        }

        if (!certificate.HasPrivateKey)
        {
            throw Refusal($"the certificate '{path}' has no private key; the key ring needs one to decrypt its keys");
        }

        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    private static WorkflowDefinitionException Refusal(string reason) =>
        new([new DefinitionFault("configuration", PathKey, reason)], "setting");
}
