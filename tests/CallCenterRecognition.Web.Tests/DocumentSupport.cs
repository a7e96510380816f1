using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Web.Tests;

internal static class DocumentSupport
{
    // Real files, since uploads are verified beyond their magic bytes; the text or seed makes each one distinct content.
    public static byte[] Pdf(string text = "duty statement")
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.Letter);
        page.AddText(text, 12, new PdfPoint(72, 720), font);
        return builder.Build();
    }

    // One page per string, each line of it on its own line of the page.
    public static byte[] PdfPages(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(PageSize.Letter);
            var y = 720d;
            foreach (var line in text.Split('\n'))
            {
                page.AddText(line, 11, new PdfPoint(72, y), font);
                y -= 16;
            }
        }

        return builder.Build();
    }

    // A valid PDF of exactly the given size: the padding is a comment after %%EOF, which readers skip.
    public static byte[] PdfOfSize(int size, string text = "duty statement")
    {
        var pdf = Pdf(text);
        if (size < pdf.Length + 2)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"a PDF needs at least {pdf.Length + 2} bytes");
        }

        var bytes = new byte[size];
        Array.Fill(bytes, (byte)'x');
        pdf.CopyTo(bytes, 0);
        bytes[pdf.Length] = (byte)'\n';
        bytes[pdf.Length + 1] = (byte)'%';
        return bytes;
    }

    public static byte[] Png(byte seed = 1) => Encode(SKEncodedImageFormat.Png, seed);

    public static byte[] Jpeg(byte seed = 1) => Encode(SKEncodedImageFormat.Jpeg, seed);

    private static byte[] Encode(SKEncodedImageFormat format, byte seed)
    {
        using var bitmap = new SKBitmap(4, 3);
        bitmap.Erase(new SKColor(seed, (byte)(255 - seed), 128));
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    // Little-endian baseline TIFF header with one IFD: ImageWidth, ImageLength, and a private tag holding the seed.
    public static byte[] Tiff(byte seed = 1, uint width = 4, uint height = 3)
    {
        var bytes = new List<byte> { (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 3, 0 };
        void Entry(ushort tag, ushort type, uint value)
        {
            bytes.AddRange(BitConverter.GetBytes(tag));
            bytes.AddRange(BitConverter.GetBytes(type));
            bytes.AddRange(BitConverter.GetBytes(1u));
            bytes.AddRange(BitConverter.GetBytes(value));
        }

        Entry(256, 4, width);
        Entry(257, 4, height);
        Entry(65000, 4, seed);
        bytes.AddRange(new byte[4]);
        return [.. bytes];
    }

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

    // Files under the instance's documents folder and, on PostgreSQL (the database store), "database/<sha256>" for each stored content row.
    public static string[] StoredFiles(AppFactory factory)
    {
        string[] files = Directory.Exists(factory.DocumentsRoot) ? [.. Directory.EnumerateFiles(factory.DocumentsRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
        if (factory.PostgresConnectionString is null)
        {
            return files;
        }

        using var connection = new Npgsql.NpgsqlConnection(factory.PostgresConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("""SELECT "Sha256" FROM "DocumentContents" ORDER BY 1""", connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add("database/" + reader.GetString(0));
        }

        return [.. files, .. rows];
    }

    public static Task<int> RowsAsync(AppFactory factory, string claimId) =>
        factory.WithDbAsync(db => db.Set<DocumentRow>().CountAsync(d => d.ClaimId == Guid.Parse(claimId)));
}
