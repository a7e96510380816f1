using CallCenterRecognition.Web.Data;

namespace CallCenterRecognition.Web.Features.Units;

// Conditions a definition names in "opensWhen": intake opens that definition, not a grievance, when its condition holds.
public static class UnitOpenConditions
{
    public const string UnitRecognized = "unit-recognized";

    public static IReadOnlyList<string> All { get; } = [UnitRecognized];

    public static bool Holds(string condition, UnitRow? unit) => condition switch
    {
        UnitRecognized => UnitStatuses.IsRecognized(unit?.Status),
        _ => false,
    };
}
