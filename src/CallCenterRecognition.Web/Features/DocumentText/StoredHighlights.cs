using System.Text.Json;
using CallCenterRecognition.Evidence;

namespace CallCenterRecognition.Web.Features.DocumentText;

// Highlights are found once, when the text is read, and kept on the document as JSON.
public static class StoredHighlights
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write(IReadOnlyList<Highlight> highlights) => highlights.Count == 0 ? null : JsonSerializer.Serialize(highlights, Options);

    public static IReadOnlyList<Highlight> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<Highlight>>(json, Options) ?? [];

    // Names for the claim page, in the order of HighlightKinds.All.
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [HighlightKinds.CallsItselfCallCenter] = "Calls itself a call center",
        [HighlightKinds.TimeOnPhone] = "Time on the phone",
        [HighlightKinds.PhoneSystem] = "Phone system (ACD, CTI, IVR, queue)",
        [HighlightKinds.CallVolume] = "Call volumes and handle times",
        [HighlightKinds.ScriptsAndCodes] = "Call scripts and phone codes",
        [HighlightKinds.CustomerService] = "Customer-service duties",
    };

    public static string Title(string kind) => Titles.GetValueOrDefault(kind, kind);
}
