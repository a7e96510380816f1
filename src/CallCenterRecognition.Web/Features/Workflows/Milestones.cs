namespace CallCenterRecognition.Web.Features.Workflows;

/// <summary>The milestones a stage may mark (<c>"milestone"</c> in a definition), which the dashboard counts.</summary>
public static class Milestones
{
    public const string Recognized = "recognized";
    public const string Denied = "denied";
    public const string DifferentialGranted = "differential-granted";

    public static IReadOnlyList<string> All { get; } = [Recognized, Denied, DifferentialGranted];

    // A differential is paid only to a recognized unit, so a unit past that milestone still counts as recognized.
    public static IReadOnlyList<string> CountingAsRecognized { get; } = [Recognized, DifferentialGranted];
}
