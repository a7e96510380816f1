using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Web.BrowserTests;

// Real files for the upload forms: uploads are verified beyond their magic bytes.
internal static class SampleFiles
{
    // A valid PDF padded to about the given size (a comment after %%EOF), so the progress bar has something to show.
    public static byte[] Pdf(string text, int size = 0)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.Letter).AddText(text, 12, new PdfPoint(72, 720), font);
        var pdf = builder.Build();
        if (size <= pdf.Length + 2)
        {
            return pdf;
        }

        var bytes = new byte[size];
        Array.Fill(bytes, (byte)'x');
        pdf.CopyTo(bytes, 0);
        bytes[pdf.Length] = (byte)'\n';
        bytes[pdf.Length + 1] = (byte)'%';
        return bytes;
    }

    public static byte[] Png()
    {
        using var bitmap = new SKBitmap(4, 3);
        bitmap.Erase(new SKColor(10, 200, 128));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }
}
