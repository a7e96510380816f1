using System.Globalization;

namespace CallCenterRecognition.Web.Features.Language;

public sealed record MemberLanguage(string Tag, string NativeName, bool Translated);

// The languages a member may prefer (BCP 47). Spanish and Traditional Chinese are written out; the others are offered so
// the preference is recorded, and read English until someone who reads them well writes their texts.
public static class MemberLanguages
{
    public const string Default = "en";

    public static readonly IReadOnlyList<MemberLanguage> All =
    [
        new("en", "English", true),
        new("es", "Español", true),
        new("zh-Hant", "中文（繁體）", true),
        new("vi", "Tiếng Việt", false),
        new("tl", "Tagalog", false),
        new("ko", "한국어", false),
    ];

    public static IEnumerable<string> Tags => All.Select(l => l.Tag);

    public static IEnumerable<string> Translated => All.Where(l => l.Translated).Select(l => l.Tag);

    public static string AllowedList => string.Join(", ", Tags);

    // The tag as offered ("zh-hant" → "zh-Hant"), or null when it is not one of them.
    public static string? Normalize(string? value) =>
        value is null ? null : All.FirstOrDefault(l => string.Equals(l.Tag, value.Trim(), StringComparison.OrdinalIgnoreCase))?.Tag;

    public static bool IsTranslated(string? tag) => All.Any(l => l.Tag == tag && l.Translated);

    // Words and dates in one culture: a language without texts yet reads English throughout, not English words with Korean dates.
    public static CultureInfo Culture(string? tag) => tag switch
    {
        "es" => CultureInfo.GetCultureInfo("es"),
        "zh-Hant" => CultureInfo.GetCultureInfo("zh-Hant"),
        _ => CultureInfo.GetCultureInfo("en-US"),
    };

    // One Accept-Language entry as an offered language: zh-TW, zh-HK and zh-Hant-* read Traditional Chinese; Simplified is not offered.
    public static string? FromBrowser(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var parts = tag.Trim().ToLowerInvariant().Split('-');
        return parts[0] switch
        {
            "zh" => parts.Skip(1).Any(p => p is "hant" or "tw" or "hk" or "mo") ? "zh-Hant" : null,
            "fil" => "tl",
            var primary => Normalize(primary),
        };
    }
}
