using Xunit.Abstractions;
using CallCenterRecognition.Evidence.Tests.LabelledSet;

namespace CallCenterRecognition.Evidence.Tests;

// The labelled set read perfectly (its own text): separates the classifier's and the finder's errors from OCR's.
public sealed class LabelledSetTruthTests(ITestOutputHelper output)
{
    [Fact]
    public void LabelledSet_Shape_CoversEveryCategoryAndFormat()
    {
        var documents = LabelledDocuments.All;
        Assert.True(documents.Count >= 66, $"{documents.Count} documents");
        foreach (var category in CategorySuggester.Categories)
            Assert.True(documents.Count(d => d.Category == category) >= 6, category);
        foreach (var format in new[] { SampleFormat.TextPdf, SampleFormat.ScannedPdf, SampleFormat.PhotoJpeg, SampleFormat.Png, SampleFormat.Docx, SampleFormat.Xlsx })
            Assert.True(documents.Count(d => d.Format == format) >= 3, format.ToString());
        Assert.Contains(documents, d => d.Format == SampleFormat.Eml);
        var ocr = documents.Where(d => d.Format is SampleFormat.ScannedPdf or SampleFormat.PhotoJpeg or SampleFormat.Png).ToList();
        Assert.True(ocr.Count <= 25 && ocr.All(d => d.Pages.Count == 1), $"{ocr.Count} documents need OCR");
        Assert.Equal(documents.Count, documents.Select(d => d.FileName).Distinct().Count());
        Assert.All(documents, d => Assert.All(d.Highlights, h => Assert.InRange(h.Page, 1, d.Pages.Count)));
    }

    [Fact]
    public void LabelledSetTruth_SuggestedCategories_Top1AccuracyAtLeast85Percent()
    {
        var evaluation = LabelledSetEvaluation.Run(LabelledDocuments.All, LabelledDocuments.All.Select(d => d.TruthPages).ToList());
        output.WriteLine(evaluation.Report());
        Assert.True(evaluation.CrossValidatedAccuracy >= 0.85, $"leave-one-out accuracy {evaluation.CrossValidatedAccuracy:P1}");
        Assert.True(evaluation.ZeroTaughtAccuracy >= 0.85, $"zero-taught accuracy {evaluation.ZeroTaughtAccuracy:P1}");
    }

    [Fact]
    public void LabelledSetTruth_Highlights_RecallAtLeast90Percent()
    {
        var evaluation = LabelledSetEvaluation.Run(LabelledDocuments.All, LabelledDocuments.All.Select(d => d.TruthPages).ToList());
        output.WriteLine(evaluation.Report());
        Assert.True(evaluation.HighlightRecall >= 0.90, $"highlight recall {evaluation.HighlightRecall:P1}");
    }
}
