using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Tests;

internal static class DocumentSupport
{
    public static byte[] Pdf(string text = "duty statement") => Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\n%%EOF\n");

    public static byte[] Png(byte seed = 1) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', seed];

    public static byte[] Jpeg(byte seed = 1) => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, seed, 0xFF, 0xD9];

    public static byte[] Tiff(byte seed = 1) => [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, seed, 0];

    public static byte[] Office(string part)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", part })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<?xml version=\"1.0\"?><x/>");
            }
        }

        return memory.ToArray();
    }

    public static byte[] Docx() => Office("word/document.xml");

    public static byte[] Xlsx() => Office("xl/workbook.xml");

    public static byte[] Eml() => Encoding.ASCII.GetBytes("From: Supervisor <sup@edd.ca.gov>\r\nTo: Team <team@edd.ca.gov>\r\nSubject: Call queue coverage\r\nDate: Mon, 2 Nov 2026 08:00:00 -0800\r\n\r\nPlease stay logged in to the ACD queue.\r\n");

    public static byte[] Text() => Encoding.UTF8.GetBytes("Break codes: 1 = lunch, 2 = meeting, 3 = training — café\n");

    public static byte[] Elf() => [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0];

    public static byte[] Exe() => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];

    public static MultipartFormDataContent Form(byte[] content, string fileName, string? category = "duty-statements")
    {
        var form = new MultipartFormDataContent();
        if (category is not null)
        {
            form.Add(new StringContent(category), "category");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    // A multipart body written byte by byte, so that a hostile file name reaches the server exactly as an attacker would send it.
    public static HttpContent RawForm(byte[] content, string dispositionFileParameter, string category = "duty-statements")
    {
        const string boundary = "----ccr-test-boundary";
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\n{category}\r\n");
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; {dispositionFileParameter}\r\nContent-Type: application/pdf\r\n\r\n");
        body.Write(content);
        Write($"\r\n--{boundary}--\r\n");
        var result = new ByteArrayContent(body.ToArray());
        result.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return result;
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string claimId, byte[] content, string fileName, string? category = "duty-statements") =>
        client.PostAsync($"/api/claims/{claimId}/documents", Form(content, fileName, category));

    public static string[] StoredFiles(AppFactory factory) =>
        Directory.Exists(factory.DocumentsRoot) ? [.. Directory.EnumerateFiles(factory.DocumentsRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];

    public static Task<int> RowsAsync(AppFactory factory, string claimId) =>
        factory.WithDbAsync(db => db.Set<DocumentRow>().CountAsync(d => d.ClaimId == Guid.Parse(claimId)));
}
