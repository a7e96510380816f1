using System.Globalization;
using System.Text.RegularExpressions;

namespace CallCenterRecognition.Workflows;

/// <summary>Whether a duration counts every day or only business days.</summary>
public enum DayKind
{
    /// <summary>Every day counts.</summary>
    Calendar,

    /// <summary>Weekends and holidays of the work calendar are skipped.</summary>
    Business,
}

/// <summary>A whole number of calendar or business days, written in definitions as "10 business days" or "30 calendar days".</summary>
public readonly partial record struct WorkflowDuration(int Days, DayKind Kind)
{
    [GeneratedRegex(@"^\s*([0-9]{1,4})\s+(business|calendar)\s+days?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses "N business days" or "N calendar days"; returns false for anything else.</summary>
    public static bool TryParse(string? text, out WorkflowDuration duration)
    {
        duration = default;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var days = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var kind = match.Groups[2].Value.Equals("business", StringComparison.OrdinalIgnoreCase) ? DayKind.Business : DayKind.Calendar;
        duration = new WorkflowDuration(days, kind);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Days} {(Kind == DayKind.Business ? "business" : "calendar")} day{(Days == 1 ? string.Empty : "s")}";
}
