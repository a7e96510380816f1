using CallCenterRecognition.Evidence.Tests.Samples;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

/// <summary>Renders a labelled document to the bytes a member would upload, with the content type the upload check
/// would have verified.</summary>
public static class LabelledSetRendering
{
    public static (byte[] Content, string ContentType) Render(LabelledDocument document) => document.Format switch
    {
        SampleFormat.TextPdf => (EvidenceSamples.TextPdf(document.Pages), "application/pdf"),
        SampleFormat.ScannedPdf => (EvidenceSamples.ScannedPdf(document.Pages), "application/pdf"),
        SampleFormat.PhotoJpeg => (EvidenceSamples.PhotoJpeg(document.Pages[0]), "image/jpeg"),
        SampleFormat.Png => (EvidenceSamples.Png(document.Pages[0]), "image/png"),
        SampleFormat.Docx => (EvidenceSamples.Docx(Lines(string.Join("\n", document.Pages))),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        SampleFormat.Xlsx => (EvidenceSamples.Xlsx(Lines(document.Pages[0]).Select(IReadOnlyList<string> (row) => row.Split(" | ").Select(c => c.Trim()).ToList()).ToList()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        SampleFormat.Eml => (EvidenceSamples.Eml(document.From, document.To, document.Subject ?? "", document.Pages[0]), "message/rfc822"),
        SampleFormat.Text => (EvidenceSamples.Text(string.Join("\n\n", document.Pages)), "text/plain"),
        _ => throw new ArgumentOutOfRangeException(nameof(document)),
    };

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
}
