namespace CallCenterRecognition.Web.Features.Documents;

public sealed record DocumentCategory(string Id, string Title, string Hint);

// The CCWG's list of supporting documents (a guide, not a prerequisite), plus "other"; the ids are a public contract.
public static class DocumentCategories
{
    public const string DutyStatements = "duty-statements";
    public const string OrgCharts = "org-charts";

    public static readonly IReadOnlyList<DocumentCategory> All =
    [
        new(DutyStatements, "Duty statements", "The duty statements of the unit's positions."),
        new(OrgCharts, "Org chart", "The organization chart showing the unit."),
        new("training-materials", "Training materials, job aids, call scripts", "Job aids, cheat sheets about calls, call scripts."),
        new("phone-codes", "Phone codes (breaks, lunch, meetings)", "A screenshot or list of the codes used."),
        new("quality-assessments", "Quality assessments", "Quality assessments or reviews done with employees."),
        new("emails", "E-mails about call center work", "E-mails sent to employees about work related to the call center."),
        new("customer-surveys", "Customer service surveys", "Customer service surveys."),
        new("phone-system", "Phone system (desk phones, CTI, ACD)", "Standard desk phones, computer telephone integration (CTI), automatic call distribution (ACD)."),
        new("performance-documents", "Performance memos, corrective actions, awards", "Performance memorandums, corrective actions or awards related to the call center."),
        new("web-pages", "Web pages acknowledging a call center", "Copies of any external or internal web page acknowledging a call center at the department."),
        new("other", "Other", "Anything else that shows the unit is a call center."),
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
