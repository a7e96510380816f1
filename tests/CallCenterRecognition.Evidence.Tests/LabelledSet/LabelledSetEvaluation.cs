using System.Text;
using System.Text.RegularExpressions;

namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

/// <summary>Scores the suggester and the finder on the labelled set, given the pages each document was read as.</summary>
public sealed partial class LabelledSetEvaluation
{
    private LabelledSetEvaluation(IReadOnlyList<LabelledDocument> documents, Suggestion[] zeroTaught, Suggestion[] crossValidated,
        List<(LabelledDocument Document, ExpectedHighlight Expected)> missed, int expected, int found)
    {
        ZeroTaughtConfidence = zeroTaught.Select(s => s.Confidence).ToArray();
        CrossValidatedConfidence = crossValidated.Select(s => s.Confidence).ToArray();
        Documents = documents;
        ZeroTaught = zeroTaught.Select(s => s.Category).ToArray();
        CrossValidated = crossValidated.Select(s => s.Category).ToArray();
        Missed = missed;
        ExpectedHighlights = expected;
        FoundHighlights = found;
    }

    public IReadOnlyList<LabelledDocument> Documents { get; }
    public IReadOnlyList<string> ZeroTaught { get; }
    public IReadOnlyList<string> CrossValidated { get; }
    public IReadOnlyList<double> ZeroTaughtConfidence { get; }
    public IReadOnlyList<double> CrossValidatedConfidence { get; }
    public IReadOnlyList<(LabelledDocument Document, ExpectedHighlight Expected)> Missed { get; }
    public int ExpectedHighlights { get; }
    public int FoundHighlights { get; }

    public double ZeroTaughtAccuracy => Accuracy(ZeroTaught);
    public double CrossValidatedAccuracy => Accuracy(CrossValidated);
    public double HighlightRecall => ExpectedHighlights == 0 ? 1 : 1 - (double)Missed.Count / ExpectedHighlights;

    /// <summary>Suggests each document's category with a suggester taught nothing, and with one taught every other
    /// document of the set (leave-one-out), and looks for every expected highlight.</summary>
    public static LabelledSetEvaluation Run(IReadOnlyList<LabelledDocument> documents, IReadOnlyList<IReadOnlyList<string>> pagesRead)
    {
        var texts = pagesRead.Select(pages => string.Join("\n\n", pages)).ToArray();
        var untaught = CategorySuggester.Create([]);
        var zeroTaught = documents.Select((d, i) => untaught.Suggest(d.FileName, texts[i])).ToArray();
        var crossValidated = documents.Select((d, i) => CategorySuggester
            .Create(documents.Select((other, j) => (other, j)).Where(p => p.j != i).Select(p => new CategoryExample(p.other.Category, p.other.FileName, texts[p.j])))
            .Suggest(d.FileName, texts[i])).ToArray();

        var missed = new List<(LabelledDocument, ExpectedHighlight)>();
        var expected = 0;
        var found = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var highlights = HighlightFinder.Find(pagesRead[i]);
            found += highlights.Count;
            foreach (var expectation in documents[i].Highlights)
            {
                expected++;
                var phrase = Comparable(expectation.Phrase);
                if (!highlights.Any(h => h.Kind == expectation.Kind && h.Page == expectation.Page && Comparable(h.Quote).Contains(phrase, StringComparison.Ordinal)))
                    missed.Add((documents[i], expectation));
            }
        }
        return new LabelledSetEvaluation(documents, zeroTaught, crossValidated, missed, expected, found);
    }

    /// <summary>Accuracy, the per-category confusion (rows: true category, columns: suggested) and the misses.</summary>
    public string Report()
    {
        var report = new StringBuilder();
        report.AppendLine($"documents: {Documents.Count}");
        report.AppendLine($"top-1 accuracy, zero-taught (keywords + seed corpus): {ZeroTaughtAccuracy:P1} ({Correct(ZeroTaught)}/{Documents.Count})");
        report.AppendLine($"top-1 accuracy, leave-one-out (taught by the other {Documents.Count - 1}): {CrossValidatedAccuracy:P1} ({Correct(CrossValidated)}/{Documents.Count})");
        report.AppendLine($"highlight recall: {HighlightRecall:P1} ({ExpectedHighlights - Missed.Count}/{ExpectedHighlights}); highlights found in all: {FoundHighlights}");
        report.AppendLine($"mean confidence, zero-taught: right {MeanConfidence(ZeroTaught, ZeroTaughtConfidence, true):F2}, wrong {MeanConfidence(ZeroTaught, ZeroTaughtConfidence, false):F2}; " +
            $"leave-one-out: right {MeanConfidence(CrossValidated, CrossValidatedConfidence, true):F2}, wrong {MeanConfidence(CrossValidated, CrossValidatedConfidence, false):F2}");
        var holdout = Documents.Select((d, i) => (d, i)).Where(p => LabelledDocuments.Holdout.Contains(p.d)).ToList();
        if (holdout.Count > 0)
        {
            var expected = holdout.Sum(p => p.d.Highlights.Count);
            var missed = Missed.Count(m => LabelledDocuments.Holdout.Contains(m.Document));
            report.AppendLine($"holdout ({holdout.Count} documents written after tuning): zero-taught {holdout.Count(p => ZeroTaught[p.i] == p.d.Category)}/{holdout.Count}, " +
                $"leave-one-out {holdout.Count(p => CrossValidated[p.i] == p.d.Category)}/{holdout.Count}, highlight recall {expected - missed}/{expected}");
            report.AppendLine($"tuning set ({Documents.Count - holdout.Count} documents): zero-taught {Documents.Where((d, i) => !LabelledDocuments.Holdout.Contains(d) && ZeroTaught[i] == d.Category).Count()}/{Documents.Count - holdout.Count}, " +
                $"leave-one-out {Documents.Where((d, i) => !LabelledDocuments.Holdout.Contains(d) && CrossValidated[i] == d.Category).Count()}/{Documents.Count - holdout.Count}");
        }
        AppendConfusion(report, "zero-taught", ZeroTaught);
        AppendConfusion(report, "leave-one-out", CrossValidated);
        for (var i = 0; i < Documents.Count; i++)
        {
            if (ZeroTaught[i] != Documents[i].Category || CrossValidated[i] != Documents[i].Category)
                report.AppendLine($"wrong: {Documents[i]} ({Documents[i].Format}) zero-taught {ZeroTaught[i]}, leave-one-out {CrossValidated[i]}");
        }
        foreach (var (document, expected) in Missed)
            report.AppendLine($"missed highlight: {document} ({document.Format}) {expected.Kind} \"{expected.Phrase}\" page {expected.Page}");
        return report.ToString();
    }

    private void AppendConfusion(StringBuilder report, string title, IReadOnlyList<string> suggested)
    {
        var categories = CategorySuggester.Categories;
        report.AppendLine($"confusion ({title}); columns in the order of the rows:");
        report.AppendLine("  " + string.Join(" ", categories.Select((_, i) => $"{i,3}")));
        for (var row = 0; row < categories.Count; row++)
        {
            var cells = categories.Select(column => Documents.Where((d, i) => d.Category == categories[row] && suggested[i] == column).Count());
            report.AppendLine("  " + string.Join(" ", cells.Select(c => $"{(c == 0 ? "." : c.ToString()),3}")) + $"   {row,2} {categories[row]}");
        }
    }

    private double MeanConfidence(IReadOnlyList<string> suggested, IReadOnlyList<double> confidence, bool right)
    {
        var values = Documents.Select((d, i) => (d, i)).Where(p => (suggested[p.i] == p.d.Category) == right).Select(p => confidence[p.i]).ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }

    private int Correct(IReadOnlyList<string> suggested) => Documents.Where((d, i) => suggested[i] == d.Category).Count();

    private double Accuracy(IReadOnlyList<string> suggested) => (double)Correct(suggested) / Documents.Count;

    private static string Comparable(string text) => NotWord().Replace(text.ToLowerInvariant(), " ").Trim();

    [GeneratedRegex(@"[^a-z0-9%]+")]
    private static partial Regex NotWord();
}
