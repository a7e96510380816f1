using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Operations;
using Microsoft.Extensions.Configuration;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class DocumentTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(HttpClient Mrc, HttpClient Rep, JsonElement Claim)> ClaimInDocumentCollectionAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        return (mrc, rep, claim);
    }

    private async Task AssertNothingStoredAsync(string claimId, string[] filesBefore)
    {
        Assert.Equal(0, await RowsAsync(factory, claimId));
        Assert.Equal(filesBefore, StoredFiles(factory));
    }

    public static TheoryData<string, string, string> AcceptedTypes() => new()
    {
        { "pdf", "duty.pdf", "application/pdf" },
        { "png", "screen.png", "image/png" },
        { "jpeg", "photo.jpg", "image/jpeg" },
        { "tiff", "scan.tif", "image/tiff" },
        { "docx", "duty.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "xlsx", "codes.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "eml", "queue.eml", "message/rfc822" },
        { "text", "codes.txt", "text/plain" },
    };

    private static byte[] Sample(string kind) => kind switch
    {
        "pdf" => Pdf(),
        "png" => Png(),
        "jpeg" => Jpeg(),
        "tiff" => Tiff(),
        "docx" => Docx(),
        "xlsx" => Xlsx(),
        "eml" => Eml(),
        _ => Text(),
    };

    [Fact]
    public async Task Upload_SixtyFourAtOnceToOneClaim_AllStoredOnOneValidJournal()
    {
        // Each upload appends to the claim's journal; at once, all but one lost the sequence race and retried, and most ran
        // out of attempts (49 of 64 answered 500; four benchmark clients lost one upload in 200).
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Concurrent uploads");

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => UploadAsync(rep, Id(claim), Pdf($"duty statement {i}"), $"statement-{i}.pdf")));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        Assert.Equal(64, await RowsAsync(factory, Id(claim)));
        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        Assert.Equal(64, journal.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "document-uploaded"));
        Assert.True((await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(AcceptedTypes))]
    public async Task Upload_AcceptedTypeTwice_DetectsTypeAndStoresOneFile(string kind, string fileName, string contentType)
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Accepted " + kind);
        var bytes = Sample(kind);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var first = await UploadAsync(rep, Id(claim), bytes, fileName);
        var second = await UploadAsync(rep, Id(claim), bytes, "again-" + fileName, "other");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var document = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(contentType, document.GetProperty("contentType").GetString());
        Assert.Equal(fileName, document.GetProperty("fileName").GetString());
        Assert.Equal(sha, document.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, document.GetProperty("size").GetInt64());
        Assert.Equal("staff", document.GetProperty("uploadedBy").GetProperty("side").GetString());
        Assert.Equal($"/api/claims/{Id(claim)}/documents/{document.GetProperty("id").GetString()}", first.Headers.Location?.OriginalString);
        Assert.Equal(sha, (await GetAsync(rep, first.Headers.Location!.OriginalString)).GetProperty("sha256").GetString());
        Assert.Single(StoredFiles(factory), f => Path.GetFileName(f) == sha);
        Assert.Equal(2, await RowsAsync(factory, Id(claim)));
        Assert.DoesNotContain(StoredFiles(factory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_Empty_Returns400AndStoresNothing()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Empty Upload");
        var before = StoredFiles(factory);
        var response = await UploadAsync(rep, Id(claim), [], "empty.pdf");
        Assert.Contains("file", ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        await AssertNothingStoredAsync(Id(claim), before);
    }

    [Theory]
    [InlineData("elf")]
    [InlineData("exe")]
    [InlineData("html")]
    [InlineData("zip")]
    public async Task Upload_WrongContentNamedPdf_Returns415AndStoresNothing(string kind)
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Wrong Type " + kind);
        var before = StoredFiles(factory);
        byte[] bytes = kind switch
        {
            "elf" => Elf(),
            "exe" => Exe(),
            "html" => [.. System.Text.Encoding.UTF8.GetBytes("<html>\0<script>alert(1)</script>")],
            _ => Office("other/thing.xml"),
        };
        var response = await UploadAsync(rep, Id(claim), bytes, "duty-statement.pdf");
        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("file", ErrorFields(problem));
        await AssertNothingStoredAsync(Id(claim), before);
    }

    [Theory]
    [InlineData("filename=\"../../etc/passwd.pdf\"")]
    [InlineData("filename=\"reports/duty.pdf\"")]
    [InlineData("filename=\"..\\\\..\\\\boot.ini\"")]
    [InlineData("filename=\"C:duty.pdf\"")]
    [InlineData("filename=\"..\"")]
    [InlineData("filename=\"CON.pdf\"")]
    [InlineData("filename=\"lpt1\"")]
    [InlineData("filename=\"bell\u0007.pdf\"")]
    [InlineData("filename=\"nul\u0000byte.pdf\"")]
    [InlineData("filename*=UTF-8''invoice%E2%80%AEfdp.pdf")]
    [InlineData("filename*=UTF-8''tab%09name.pdf")]
    [InlineData("filename=\"\"")]
    public async Task Upload_HostileFileName_Returns400NamingFileAndStoresNothing(string disposition)
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Hostile " + disposition.Length);
        var before = StoredFiles(factory);
        var response = await rep.PostAsync($"/api/claims/{Id(claim)}/documents", RawForm(Pdf(), disposition));
        Assert.Contains("file", ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        await AssertNothingStoredAsync(Id(claim), before);
    }

    [Fact]
    public async Task Upload_FileNameLongerThan255_Returns400AndStoresNothing()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Long Name");
        var before = StoredFiles(factory);
        var response = await UploadAsync(rep, Id(claim), Pdf(), new string('a', 252) + ".pdf");
        Assert.Contains("file", ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        await AssertNothingStoredAsync(Id(claim), before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("payslips")]
    public async Task Upload_MissingOrUnknownCategory_Returns400NamingCategory(string? category)
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Category " + category);
        var before = StoredFiles(factory);
        var response = await UploadAsync(rep, Id(claim), Pdf("category"), "duty.pdf", category);
        Assert.Equal(["category"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        await AssertNothingStoredAsync(Id(claim), before);
    }

    [Fact]
    public async Task Upload_NotMultipart_Returns415()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Json Upload");
        var response = await rep.PostAsJsonAsync($"/api/claims/{Id(claim)}/documents", new { category = "other", file = "JVBERi0=" });
        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await RowsAsync(factory, Id(claim)));
    }

    [Fact]
    public async Task Upload_ByRepresentativeNotAssigned_Returns403AndStoresNothing()
    {
        var (_, _, claim) = await ClaimInDocumentCollectionAsync("Other Rep Upload");
        var rep2 = await factory.ClientForAsync(Rep2);
        var before = StoredFiles(factory);
        var response = await UploadAsync(rep2, Id(claim), Pdf("not mine"), "duty.pdf");
        await ProblemAsync(response, HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(Id(claim), before);
    }

    [Fact]
    public async Task Upload_WithSignInCookieButNoAntiforgeryToken_Returns400AndStoresNothing()
    {
        var (_, _, claim) = await ClaimInDocumentCollectionAsync("Cookie Upload");
        using var browser = factory.CreateClient();
        var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Rep1, password = AppFactory.Password });
        login.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/claims/{Id(claim)}")).StatusCode);
        var before = StoredFiles(factory);

        var response = await UploadAsync(browser, Id(claim), Pdf("cross-site"), "duty.pdf");

        Assert.Equal(["RequestVerificationToken"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        await AssertNothingStoredAsync(Id(claim), before);
    }

    [Fact]
    public async Task Content_ByAssignedRepresentative_IsAnAttachmentWithNosniffAndTheOriginalBytes()
    {
        var (mrc, rep, claim) = await ClaimInDocumentCollectionAsync("Download Unit");
        var bytes = Text();
        var created = await (await UploadAsync(rep, Id(claim), bytes, "Códigos de pausa.txt", "phone-codes")).Content.ReadFromJsonAsync<JsonElement>();

        var response = await rep.GetAsync(created.GetProperty("contentUrl").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Códigos de pausa.txt", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(HttpStatusCode.OK, (await mrc.GetAsync(created.GetProperty("contentUrl").GetString())).StatusCode);
    }

    [Fact]
    public async Task ListAndContent_ByOtherRepresentative_Return403()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Private Docs");
        var created = await (await UploadAsync(rep, Id(claim), Pdf("private"), "duty.pdf")).Content.ReadFromJsonAsync<JsonElement>();
        var rep2 = await factory.ClientForAsync(Rep2);

        await ProblemAsync(await rep2.GetAsync(created.GetProperty("contentUrl").GetString()), HttpStatusCode.Forbidden);
        await ProblemAsync(await rep2.GetAsync($"/api/claims/{Id(claim)}/documents"), HttpStatusCode.Forbidden);
        await ProblemAsync(await rep2.DeleteAsync($"/api/claims/{Id(claim)}/documents/{created.GetProperty("id").GetString()}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_AfterUploads_ShowsDocumentsAndChecklistCoverage()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Checklist Unit");
        await UploadAsync(rep, Id(claim), Pdf("checklist duty"), "duty.pdf", "duty-statements");
        await UploadAsync(rep, Id(claim), Eml(), "queue.eml", "emails");

        var list = await GetAsync(rep, $"/api/claims/{Id(claim)}/documents");

        Assert.Equal(["duty.pdf", "queue.eml"], list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("fileName").GetString()));
        var covered = list.GetProperty("checklist").EnumerateArray().Where(i => i.GetProperty("covered").GetBoolean()).Select(i => i.GetProperty("id").GetString());
        Assert.Equal(["duty-statements", "emails"], covered);
        Assert.Equal(11, list.GetProperty("checklist").GetArrayLength());
        Assert.Equal(["org-charts"], list.GetProperty("missingEssential").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Delete_BeforeFiling_RemovesFromListAndJournalsAndChainVerifies()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Delete Unit");
        var created = await (await UploadAsync(rep, Id(claim), Pdf("to delete"), "wrong.pdf", "org-charts")).Content.ReadFromJsonAsync<JsonElement>();

        var response = await rep.DeleteAsync($"/api/claims/{Id(claim)}/documents/{created.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var list = await GetAsync(rep, $"/api/claims/{Id(claim)}/documents");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.False(list.GetProperty("checklist").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "org-charts").GetProperty("covered").GetBoolean());
        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        var actions = journal.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["start", "refer", "accept", "document-uploaded", "document-deleted"], actions);
        Assert.Equal("wrong.pdf", journal[4].GetProperty("data").GetProperty("fileName").GetString());
        Assert.True((await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
        await ProblemAsync(await rep.GetAsync(created.GetProperty("contentUrl").GetString()), HttpStatusCode.NotFound);

        // Uploads do not change the claim's version: a form opened before still fires.
        await FireOkAsync(rep, claim, "add-note", new { text = "after the upload" });
    }

    [Fact]
    public async Task Delete_AfterFiling_Returns409AndKeepsTheDocument()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Filed Delete");
        var created = await (await UploadAsync(rep, Id(claim), Pdf("filed duty"), "duty.pdf", "duty-statements")).Content.ReadFromJsonAsync<JsonElement>();
        await UploadAsync(rep, Id(claim), Png(7), "chart.png", "org-charts");
        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20" });

        var response = await rep.DeleteAsync($"/api/claims/{Id(claim)}/documents/{created.GetProperty("id").GetString()}");

        await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(2, (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task FileGrievance_WithoutDutyStatementsOrOrgChart_Returns422UntilConfirmed()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Confirm Unit");

        var refused = await ProblemAsync(await FireAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["duty-statements", "org-charts"], refused.GetProperty("missingCategories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("document-collection", Stage(await GetAsync(rep, $"/api/claims/{Id(claim)}")));

        await UploadAsync(rep, Id(claim), Pdf("confirm duty"), "duty.pdf", "duty-statements");
        var stillRefused = await ProblemAsync(await FireAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["org-charts"], stillRefused.GetProperty("missingCategories").EnumerateArray().Select(e => e.GetString()));

        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = true });
        Assert.Equal("calhr-review", Stage(claim));
        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        Assert.Equal("true", journal.EnumerateArray().Last().GetProperty("data").GetProperty("confirmMissingEvidence").GetString());
    }

    [Fact]
    public async Task FileGrievance_WithDutyStatementsAndOrgChart_FilesWithoutConfirmation()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Complete Unit");
        await UploadAsync(rep, Id(claim), Pdf("complete duty"), "duty.pdf", "duty-statements");
        await UploadAsync(rep, Id(claim), Png(9), "chart.png", "org-charts");

        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20" });

        Assert.Equal("calhr-review", Stage(claim));
    }

    [Fact]
    public async Task BackupManifest_AfterUpload_ListsTheFileAndRestoreChecksTheStore()
    {
        if (factory.PostgresConnectionString is not null)
        {
            return; // --backup is for the SQLite file.
        }

        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Backup Manifest");
        var bytes = Pdf("backup manifest");
        await UploadAsync(rep, Id(claim), bytes, "duty.pdf");
        DocumentBackup.Install();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={factory.DatabasePath}",
            ["Documents:Root"] = factory.DocumentsRoot,
        }).Build();

        var manifest = await Backup.CreateAsync(configuration, Path.Combine(factory.Folder, "backups", "ccr.zip"), TimeProvider.System);

        Assert.Equal(ContentStores.Files, manifest.DocumentStore);
        var listed = Assert.Single(manifest.Documents, d => d.Sha256 == Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(bytes.Length, listed.Size);
        Assert.True(Backup.DocumentPresent(configuration, listed));
        var emptyStore = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Documents:Root"] = Path.Combine(factory.Folder, "no-store") }).Build();
        Assert.False(Backup.DocumentPresent(emptyStore, listed));
    }
}
