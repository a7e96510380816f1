using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CallCenterRecognition.Web.Tests;

// A self-signed PKCS#12 certificate for the key ring, made once per test run, as an operator would make one with openssl.
public static class TestCertificate
{
    public const string Password = "key-ring-test-2026";

    private static readonly Lazy<string> File = new(Create);

    public static string Path => File.Value;

    public static string CreateAt(string path, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Call Center Recognition key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static string Create() =>
        CreateAt(System.IO.Path.Combine(Directory.CreateTempSubdirectory("ccr-cert-").FullName, "key-ring.pfx"), Password);
}
