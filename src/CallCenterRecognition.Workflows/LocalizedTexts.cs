namespace CallCenterRecognition.Workflows;

/// <summary>Member-visible texts of a definition in several languages, keyed by BCP 47 tag, English the fallback.</summary>
public static class LocalizedTexts
{
    /// <summary>The language every text has and every other falls back to.</summary>
    public const string English = "en";

    /// <summary>No texts at all.</summary>
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The text in <paramref name="language"/>, then in its parent tag (<c>es-MX</c> → <c>es</c>); null when neither is there.</summary>
    /// <param name="texts">Texts by language tag.</param>
    /// <param name="language">The wanted language tag; null reads as English.</param>
    public static string? In(IReadOnlyDictionary<string, string> texts, string? language)
    {
        for (var tag = language ?? English; tag.Length > 0; tag = tag.Contains('-', StringComparison.Ordinal) ? tag[..tag.LastIndexOf('-')] : string.Empty)
        {
            if (texts.TryGetValue(tag, out var text))
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>A plausible BCP 47 tag: letters, digits and hyphens, starting with a two- or three-letter language.</summary>
    /// <param name="tag">The tag to check.</param>
    public static bool IsLanguageTag(string tag)
    {
        var parts = tag.Split('-');
        return parts[0].Length is 2 or 3 && parts[0].All(char.IsAsciiLetterLower)
            && parts.Skip(1).All(p => p.Length is > 0 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }
}
