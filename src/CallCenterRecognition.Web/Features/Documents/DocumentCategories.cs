namespace CallCenterRecognition.Web.Features.Documents;

public sealed record DocumentCategory(string Id, string Title, string Hint);

// The CCWG's list of supporting documents (a guide, not a prerequisite), plus "other"; the ids are a public contract.
public static class DocumentCategories
{
    public const string DutyStatements = "duty-statements";
    public const string OrgCharts = "org-charts";

    // Titles and hints come from DocumentCategoryText's resources, the one source the member page, e-mails and packet read.
    public static readonly IReadOnlyList<DocumentCategory> All =
    [
        .. new[]
        {
            DutyStatements, OrgCharts, "training-materials", "phone-codes", "quality-assessments", "emails", "customer-surveys",
            "phone-system", "performance-documents", "web-pages", "other",
        }.Select(id => new DocumentCategory(id, Language.DocumentCategoryText.English(id, "Title"), Language.DocumentCategoryText.English(id, "Hint"))),
    ];

    // Missing either of these makes filing ask the representative to confirm.
    public static readonly IReadOnlyList<string> Essential = [DutyStatements, OrgCharts];

    private static readonly Dictionary<string, DocumentCategory> ById = All.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static DocumentCategory? Find(string? id) => id is not null && ById.TryGetValue(id, out var category) ? category : null;

    public static string Title(string id) => Find(id)?.Title ?? id;
}

// Who settled a document's category. Only confirmed categories teach the suggester.
public static class DocumentCategorySources
{
    // The member picked it on the upload page; a representative has not looked yet.
    public const string Uploader = "uploader";

    // The uploader asked for a suggestion: the category follows the suggester until someone confirms it.
    public const string Suggested = "suggested";

    // Chosen by staff at upload, or confirmed or changed by staff afterwards.
    public const string Confirmed = "confirmed";

    // The value of the upload forms' "Not sure — suggest it" choice.
    public const string SuggestChoice = "suggest";
}
