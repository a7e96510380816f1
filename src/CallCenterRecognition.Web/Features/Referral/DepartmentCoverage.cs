namespace CallCenterRecognition.Web.Features.Referral;

// Claims and coverage store department codes; a value an administrator has not yet mapped is still matched without case or spaces.
public static class DepartmentCoverage
{
    public const int MaxDepartments = 40;
    public const int MaxLength = 100;

    public static string Key(string department) => string.Concat(department.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    public static bool Covers(IEnumerable<string> covered, string? department) =>
        !string.IsNullOrWhiteSpace(department) && covered.Any(d => Key(d) == Key(department));

    // Trimmed, blanks dropped, duplicates (by key) dropped, first spelling kept, sorted for display.
    public static List<string> Clean(IEnumerable<string> departments) =>
        [.. departments.Select(d => d.Trim()).Where(d => d.Length > 0).DistinctBy(Key).Order(StringComparer.OrdinalIgnoreCase)];
}
