using CallCenterRecognition.Web.Features.Workflows;

namespace CallCenterRecognition.Web.Features.Units;

// Where a unit stands on Article 21.4, as the API and the dashboard name it.
public static class UnitStatuses
{
    public const string None = "none";
    public const string ClaimOpen = "claim-open";
    public const string Recognized = "recognized";
    public const string Denied = "denied";
    public const string DifferentialGranted = "differential-granted";

    public static IReadOnlyList<string> All { get; } = [None, ClaimOpen, Recognized, Denied, DifferentialGranted];

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [None] = "No claim",
        [ClaimOpen] = "Claim open",
        [Recognized] = "Recognized call center",
        [Denied] = "Denied",
        [DifferentialGranted] = "Differential granted",
    };

    // A recognized unit needs no grievance, only the differential: a unit past recognition counts as recognized.
    public static bool IsRecognized(string? status) => status is Recognized or DifferentialGranted;

    // Of two statuses of one place (a merge), the one that says more: a recognition outlasts a claim, a claim a denial.
    public static string? Stronger(string? a, string? b) => Strength(a) >= Strength(b) ? a : b;

    public static int Strength(string? status) => status switch
    {
        DifferentialGranted => 5,
        Recognized => 4,
        ClaimOpen => 3,
        Denied => 2,
        None => 1,
        _ => 0,
    };

    public static string Name(string? status) => Names.GetValueOrDefault(status ?? None, status ?? None);

    // The stage's milestone, as the definition marks it, is what a decision means for the unit.
    public static string? OfMilestone(string? milestone) => milestone switch
    {
        Milestones.Recognized => Recognized,
        Milestones.Denied => Denied,
        Milestones.DifferentialGranted => DifferentialGranted,
        _ => null,
    };
}
