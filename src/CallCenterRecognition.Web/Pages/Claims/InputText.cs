using System.Globalization;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Pages.Claims;

// A journaled input as a person reads it: dates the app's way, yes/no, a stage's name rather than its id.
public static class InputText
{
    public static string Value(InputDefinition? input, string value, WorkflowDefinition definition)
    {
        switch (input?.Type)
        {
            case InputType.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return DisplayDates.Date(date);
            case InputType.Choice when value is "true" or "false":
                return value == "true" ? "Yes" : "No";
            case InputType.Choice when definition.StagesById.TryGetValue(value, out var stage):
                return stage.Name;
            case InputType.Choice:
                return Words(value);
            default:
                return value;
        }
    }

    // A choice as the form offers it: the stage a route sends it to, else the value in words.
    public static string Choice(ActionDefinition? action, string inputName, string value, WorkflowDefinition definition) =>
        action?.Routes.FirstOrDefault(r => r.Input == inputName && r.EqualsValue == value) is { } route && definition.StagesById.TryGetValue(route.To, out var stage)
            ? stage.Name
            : Value(action?.Inputs.FirstOrDefault(i => i.Name == inputName), value, definition);

    // Keys the host itself writes into the journal, named as a reader says them.
    private static readonly Dictionary<string, string> HostLabels = new(StringComparer.Ordinal)
    {
        ["number"] = "Claim number",
        ["packetSha256"] = "Packet filed (SHA-256)",
        ["unitId"] = "Unit number",
        ["unitStatus"] = "Unit's status",
        ["statusOn"] = "Since",
        ["grievant"] = "Grievant no.",
        ["fromUnitId"] = "From unit number",
        ["toUnitId"] = "Into unit number",
    };

    // A data key nobody labelled as words: "someKey" reads "Some key".
    public static string Label(string name) => HostLabels.TryGetValue(name, out var label) ? label : Words(string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString())));

    private static string Words(string id)
    {
        var words = id.Replace('-', ' ').Replace('_', ' ').Trim();
        return words.Length == 0 ? id : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
