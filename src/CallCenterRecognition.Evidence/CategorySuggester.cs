using CallCenterRecognition.Evidence.Suggesting;

namespace CallCenterRecognition.Evidence;

/// <summary>Suggests a document's category from its text and file name: keywords for each category, and a small
/// classifier over word n-grams taught by the documents representatives confirmed.</summary>
/// <remarks>A category's score is the sum of the weights of its keywords found in the text (in the file name half as
/// much again) plus a multinomial naive Bayes log-likelihood over word unigrams and bigrams, with add-one smoothing and
/// equal priors, averaged per n-gram and counted for at most <see cref="EvidenceCap"/> n-grams so a long document
/// does not drown the keywords. The naive Bayes counts come from a built-in seed corpus and every confirmed document;
/// the scores are turned into probabilities by softmax, and the top one is the confidence.</remarks>
public sealed class CategorySuggester
{
    /// <summary>The category ids the suggester chooses from (the CCWG's ten and "other").</summary>
    public static IReadOnlyList<string> Categories { get; } =
    [
        "duty-statements", "org-charts", "training-materials", "phone-codes", "quality-assessments", "emails",
        "customer-surveys", "phone-system", "performance-documents", "web-pages", "other",
    ];

    /// <summary>How many n-grams of a document count at most in the classifier's share of the score.</summary>
    public const int EvidenceCap = 8;

    private const double Smoothing = 1.0;

    private static readonly (string Phrase, double Weight)[][] Keywords =
        Categories.Select(c => CategoryKeywords.ByCategory[c].Select(k => (TextTokens.Normalize(k.Phrase), k.Weight)).ToArray()).ToArray();

    private static readonly Dictionary<string, int> CategoryIndex =
        Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    private readonly Dictionary<string, int[]> counts;
    private readonly double[] logDenominators;

    private CategorySuggester(Dictionary<string, int[]> counts, long[] totals)
    {
        this.counts = counts;
        logDenominators = totals.Select(t => Math.Log(t + Smoothing * counts.Count)).ToArray();
    }

    /// <summary>How many documents taught the suggester besides its seed corpus.</summary>
    public int ConfirmedCount { get; private init; }

    /// <summary>A suggester taught by the confirmed documents (none is fine: keywords alone then).</summary>
    /// <param name="confirmed">Documents whose category a representative confirmed; unknown categories are skipped.</param>
    public static CategorySuggester Create(IEnumerable<CategoryExample> confirmed)
    {
        ArgumentNullException.ThrowIfNull(confirmed);
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var totals = new long[Categories.Count];
        var taught = 0;
        foreach (var (example, isSeed) in SeedCorpus.Examples.Select(e => (e, true)).Concat(confirmed.Select(e => (e, false))))
        {
            if (!CategoryIndex.TryGetValue(example.Category, out var category)) continue;
            if (!isSeed) taught++;
            foreach (var feature in FeaturesOf(example.FileName, example.Text))
            {
                if (!counts.TryGetValue(feature, out var perCategory))
                {
                    perCategory = new int[Categories.Count];
                    counts.Add(feature, perCategory);
                }
                perCategory[category]++;
                totals[category]++;
            }
        }
        return new CategorySuggester(counts, totals) { ConfirmedCount = taught };
    }

    /// <summary>The most likely category of a document and how confident the suggester is (0–1).</summary>
    /// <param name="fileName">The name the document was uploaded under.</param>
    /// <param name="text">The document's text (all pages), possibly from OCR.</param>
    public Suggestion Suggest(string fileName, string text)
    {
        var scores = Scores(fileName ?? "", text ?? "");
        var best = 0;
        for (var i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        var sum = 0.0;
        foreach (var score in scores) sum += Math.Exp(score - scores[best]);
        return new Suggestion(Categories[best], Math.Round(1 / sum, 3));
    }

    private double[] Scores(string fileName, string text)
    {
        var normalizedText = TextTokens.Normalize(text);
        var normalizedName = TextTokens.NormalizeFileName(fileName);
        var scores = new double[Categories.Count];

        var likelihood = new double[Categories.Count];
        var known = 0;
        foreach (var feature in TextTokens.Features(normalizedText).Concat(TextTokens.Features(normalizedName)))
        {
            if (!counts.TryGetValue(feature, out var perCategory)) continue;
            known++;
            for (var i = 0; i < likelihood.Length; i++) likelihood[i] += Math.Log(perCategory[i] + Smoothing) - logDenominators[i];
        }
        if (known > 0)
        {
            var weight = (double)Math.Min(known, EvidenceCap) / known;
            for (var i = 0; i < scores.Length; i++) scores[i] = likelihood[i] * weight;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            foreach (var (phrase, keywordWeight) in Keywords[i])
            {
                var inName = normalizedName.Contains(phrase, StringComparison.Ordinal) ? keywordWeight * CategoryKeywords.FileNameFactor : 0;
                var inText = normalizedText.Contains(phrase, StringComparison.Ordinal) ? keywordWeight : 0;
                scores[i] += Math.Max(inName, inText);
            }
        }
        return scores;
    }

    private static IEnumerable<string> FeaturesOf(string fileName, string text) =>
        TextTokens.Features(TextTokens.Normalize(text)).Concat(TextTokens.Features(TextTokens.NormalizeFileName(fileName)));
}
