namespace CallCenterRecognition.Evidence;

/// <summary>Suggests a document's category from its text and file name: keywords for each category, and a small
/// classifier over word n-grams taught by the documents representatives confirmed.</summary>
public sealed class CategorySuggester
{
    /// <summary>The category ids the suggester chooses from (the CCWG's ten and "other").</summary>
    public static IReadOnlyList<string> Categories { get; } =
    [
        "duty-statements", "org-charts", "training-materials", "phone-codes", "quality-assessments", "emails",
        "customer-surveys", "phone-system", "performance-documents", "web-pages", "other",
    ];

    /// <summary>A suggester taught by the confirmed documents (none is fine: keywords alone then).</summary>
    public static CategorySuggester Create(IEnumerable<CategoryExample> confirmed) => throw new NotImplementedException();

    /// <summary>The most likely category of a document and how confident the suggester is (0–1).</summary>
    public Suggestion Suggest(string fileName, string text) => throw new NotImplementedException();
}
