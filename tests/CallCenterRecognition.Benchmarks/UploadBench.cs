using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Tests;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Benchmarks;

// Uploads while the background reader is busy OCRing a backlog of scans, against the same uploads with the reader off: reading
// evidence must not make the member or the representative wait.
public static class UploadBench
{
    public sealed record Outcome(LoadResult Off, LoadResult On, int BacklogLeft, int Backlog, string Failures);

    // What the refused uploads answered, e.g. "503 ×2", so an error count says what went wrong.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> FailedStatuses = new();

    private const int Clients = 4;

    public static async Task<Outcome> RunAsync(int uploads)
    {
        var folder = Directory.CreateTempSubdirectory("ccr-upload-bench-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "ccr.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Demo"] = "true",
            ["DemoOffice"] = "false",
            ["RateLimits:UploadsPerMinute"] = "100000",
        };
        try
        {
            LoadResult off;
            string claimId;
            await using (var app = await AppProcess.StartAsync(folder, new Dictionary<string, string>(settings) { ["DocumentText:Enabled"] = "false" }))
            {
                var mrc = await app.ClientForAsync("mrc@demo.local");
                var opened = await mrc.PostAsJsonAsync("/api/claims", new
                {
                    member = new { name = "Bench Member", email = "bench@example.org", phone = "916-555-0199" },
                    department = "EDD",
                    workUnit = "Upload Benchmark Unit",
                    bargainingUnit = "4",
                    classification = "Program Technician II",
                    phoneSystems = new[] { "acd" },
                    description = "Answers public calls through an ACD queue all day.",
                });
                claimId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                await MeasureAsync(mrc, claimId, uploads / 4, "warm");
                off = await MeasureAsync(mrc, claimId, uploads, "off");
            }

            // A backlog of scanned pages for the reader, then the same uploads while it works through them.
            const int backlog = 24;
            await using (var app = await AppProcess.StartAsync(folder, settings))
            {
                var mrc = await app.ClientForAsync("mrc@demo.local");
                for (var i = 0; i < backlog; i++)
                {
                    using var form = Form(OcrBench.Scan($"Scan {i}. " + OcrBench.Paragraphs[i % OcrBench.Paragraphs.Length]), $"scan-{i}.jpg", "image/jpeg");
                    (await mrc.PostAsync($"/api/claims/{claimId}/documents", form)).EnsureSuccessStatusCode();
                }

                await MeasureAsync(mrc, claimId, uploads / 4, "warm-on");
                var on = await MeasureAsync(mrc, claimId, uploads, "on");
                var documents = await mrc.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}/documents");
                var pending = documents.GetProperty("items").EnumerateArray().Count(d => d.GetProperty("fileName").GetString()!.StartsWith("scan-", StringComparison.Ordinal) && d.GetProperty("text").GetProperty("status").GetString() == "pending");
                var failures = string.Join(", ", FailedStatuses.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} ×{f.Value}"));
                return new Outcome(off, on, pending, backlog, failures.Length == 0 ? "none" : failures);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // Four clients each uploading a distinct one-page PDF of text, the kind a representative adds from the claim page.
    private static Task<LoadResult> MeasureAsync(HttpClient client, string claimId, int count, string phase) =>
        Load.RunAsync(Clients, TimeSpan.FromMinutes(10), async (c, n) =>
        {
            using var form = Form(Pdf($"{phase} upload {c}-{n}: the unit answers calls through the ACD queue."), $"{phase}-{c}-{n}.pdf", "application/pdf");
            try
            {
                var response = await client.PostAsync($"/api/claims/{claimId}/documents", form);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    FailedStatuses.AddOrUpdate($"{phase} {(int)response.StatusCode} {body[..Math.Min(body.Length, 160)]}", 1, (_, n) => n + 1);
                }

                return response.StatusCode == HttpStatusCode.Created;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                FailedStatuses.AddOrUpdate($"{phase} {ex.GetType().Name}: {ex.Message}", 1, (_, n) => n + 1);
                return false;
            }
        }, count);

    private static MultipartFormDataContent Form(byte[] content, string fileName, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { new StringContent("other"), "category" }, { file, "file", fileName } };
    }

    private static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(612, 792).AddText(text, 11, new PdfPoint(72, 720), font);
        return builder.Build();
    }
}
