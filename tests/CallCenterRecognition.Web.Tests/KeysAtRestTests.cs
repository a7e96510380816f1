using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Members' data and the key ring at rest: readable by the app's own OS user only, the keys encrypted when a certificate is set.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeysAtRestTests
{
    [Fact]
    public async Task EmbeddedDefault_AfterUploadsAndMail_DataFolderIs0700AndEveryFile0600()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-modes-").FullName;
        try
        {
            await using (var app = await AppProcess.StartAsync(folder, new Dictionary<string, string> { ["DemoOffice"] = "false" }, "--demo"))
            {
                using var rep = await app.ClientForAsync(Rep1);
                var claims = await rep.GetFromJsonAsync<JsonElement>("/api/claims?stage=document-collection");
                var id = claims.GetProperty("items")[0].GetProperty("id").GetString();
                var upload = await rep.PostAsync($"/api/claims/{id}/documents", DocumentSupport.Form("Duty statement: answers claimant calls through the ACD queue."u8.ToArray(), "duty.txt", "duty-statements"));
                Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
                Assert.Equal(HttpStatusCode.Created, (await rep.PostAsync($"/api/claims/{id}/member-link", null)).StatusCode);
            }

            var data = Path.Combine(folder, "data");
            Assert.Equal(FilesAtRest.FolderMode, File.GetUnixFileMode(data));
            var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith("ccr.db", StringComparison.Ordinal));
            Assert.Contains(files, f => f.Contains("outbox", StringComparison.Ordinal));
            Assert.Contains(files, f => f.Contains("documents", StringComparison.Ordinal));
            Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == FilesAtRest.FileMode, $"{Path.GetRelativePath(folder, f)} is {File.GetUnixFileMode(f)}"));
            Assert.All(Directory.GetDirectories(data, "*", SearchOption.AllDirectories), d => Assert.True(File.GetUnixFileMode(d) == FilesAtRest.FolderMode, $"{Path.GetRelativePath(folder, d)} is {File.GetUnixFileMode(d)}"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task EmbeddedDefault_FilesLeftReadableByAnEarlierVersion_AreTightenedAtStart()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-modes-old-").FullName;
        try
        {
            await using (await AppProcess.StartAsync(folder, new Dictionary<string, string> { ["DemoOffice"] = "false" }, "--demo"))
            {
            }

            var database = Path.Combine(folder, "data", "ccr.db");
            File.SetUnixFileMode(Path.Combine(folder, "data"), (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(database, (UnixFileMode)0b110_100_100);

            await using (await AppProcess.StartAsync(folder, new Dictionary<string, string> { ["DemoOffice"] = "false" }, "--demo"))
            {
                Assert.Equal(FilesAtRest.FolderMode, File.GetUnixFileMode(Path.Combine(folder, "data")));
                Assert.Equal(FilesAtRest.FileMode, File.GetUnixFileMode(database));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task KeyRing_CertificateConfigured_KeysAreEncryptedAtRestAndTokensStillWork()
    {
        using var factory = new AppFactory();
        factory.Settings["DataProtection:CertificatePath"] = TestCertificate.Path;
        factory.Settings["DataProtection:CertificatePassword"] = TestCertificate.Password;

        var rep = await factory.ClientForAsync(Rep1);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync("/api/claims")).StatusCode);

        var keys = await factory.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task KeyRing_WithoutTheCertificate_CannotReadTheKeys()
    {
        using var factory = new AppFactory();
        factory.Settings["DataProtection:CertificatePath"] = TestCertificate.Path;
        factory.Settings["DataProtection:CertificatePassword"] = TestCertificate.Password;
        var protectedByApp = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("member data");
        Assert.Equal("member data", factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedByApp));

        // The same database, read by someone without the certificate.
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddDbContext<CallCenterRecognition.Web.Data.SqliteAppDbContext>(o => o.UseSqlite($"Data Source={factory.DatabasePath}"));
        builder.Services.AddDataProtection().SetApplicationName("CallCenterRecognition").PersistKeysToDbContext<CallCenterRecognition.Web.Data.SqliteAppDbContext>();
        await using var outsider = builder.Build();
        var protector = outsider.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(protectedByApp));
    }

    [Fact]
    public void Start_OnPostgresWithoutCertificate_RefusesNamingTheSetting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Database:Provider"] = "Postgres";
        builder.Configuration["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Database=none";

        var ex = Assert.Throws<WorkflowDefinitionException>(() => builder.Services.AddDataProtection().ProtectKeysAtRest(builder.Configuration));

        Assert.Contains("DataProtection:CertificatePath", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DataProtection__CertificatePassword", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_CertificateWithWrongPassword_RefusesNamingTheSetting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["DataProtection:CertificatePath"] = TestCertificate.Path;
        builder.Configuration["DataProtection:CertificatePassword"] = "not the password";

        var ex = Assert.Throws<WorkflowDefinitionException>(() => builder.Services.AddDataProtection().ProtectKeysAtRest(builder.Configuration));

        Assert.Contains("could not be read", ex.Message, StringComparison.Ordinal);
    }
}
