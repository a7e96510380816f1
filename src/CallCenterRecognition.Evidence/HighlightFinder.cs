using System.Text;
using CallCenterRecognition.Evidence.Highlighting;

namespace CallCenterRecognition.Evidence;

/// <summary>Finds the passages of a document that help prove its unit is a call center.</summary>
/// <remarks>Each page is split into sentences (wrapped and hyphenated lines joined back, list items kept apart); each
/// sentence is tried against the patterns of every kind and quoted whole, or trimmed to about
/// <see cref="QuoteLength"/> characters around what matched. A sentence that shows two kinds is listed under both, never
/// twice under one; a sentence repeated on later pages (a running header) is quoted once, on its first page.</remarks>
public static class HighlightFinder
{
    /// <summary>The longest quote, in characters (an ellipsis marks a trimmed end).</summary>
    public const int QuoteLength = 240;

    /// <summary>The most highlights of one kind in one document; the first ones are kept.</summary>
    public const int MaxPerKind = 25;

    /// <summary>The highlights of a document's pages (page 1 first), in page order.</summary>
    /// <param name="pages">The text of each page.</param>
    public static IReadOnlyList<Highlight> Find(IReadOnlyList<string> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var highlights = new List<Highlight>();
        var seen = new HashSet<(string Kind, string Quote)>();
        var perKind = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var page = 0; page < pages.Count; page++)
        {
            foreach (var sentence in PageSentences.Of(pages[page] ?? ""))
            {
                var readable = OcrReadable(sentence);
                string? lastKind = null;
                foreach (var rule in HighlightPatterns.Rules)
                {
                    if (rule.Kind == lastKind) continue;
                    var match = rule.Pattern.Match(readable);
                    if (!match.Success || (rule.Requires is not null && !rule.Requires.IsMatch(readable))) continue;
                    lastKind = rule.Kind;
                    var quote = Quote(sentence, match.Index, match.Length);
                    var count = perKind.GetValueOrDefault(rule.Kind);
                    if (count >= MaxPerKind || !seen.Add((rule.Kind, quote.ToLowerInvariant()))) continue;
                    perKind[rule.Kind] = count + 1;
                    highlights.Add(new Highlight(rule.Kind, quote, page + 1));
                }
            }
        }
        return highlights;
    }

    // The same text with the letters OCR most often misreads put back ("Ca1l", "|ine", "c0de"), character for
    // character, so a match's position is its position in the sentence as read.
    private static string OcrReadable(string sentence)
    {
        var chars = sentence.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var betweenLetters = i > 0 && i < chars.Length - 1 && char.IsLetter(sentence[i - 1]) && char.IsLetter(sentence[i + 1]);
            chars[i] = chars[i] switch
            {
                '|' => 'l',
                '1' when betweenLetters => 'l',
                '0' when betweenLetters => 'o',
                '\u2018' or '\u2019' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u00A0' => ' ',
                var c => c,
            };
        }
        return new string(chars);
    }

    private static string Quote(string sentence, int index, int length)
    {
        if (sentence.Length <= QuoteLength) return sentence;
        var start = Math.Max(0, index + length / 2 - QuoteLength / 2);
        var end = Math.Min(sentence.Length, start + QuoteLength);
        start = Math.Max(0, end - QuoteLength);
        if (start > 0)
        {
            var space = sentence.IndexOf(' ', start);
            if (space >= 0 && space < index) start = space + 1;
        }
        if (end < sentence.Length)
        {
            var space = sentence.LastIndexOf(' ', end - 1);
            if (space > index + length) end = space;
        }
        var quote = new StringBuilder();
        if (start > 0) quote.Append('…');
        quote.Append(sentence.AsSpan(start, end - start).Trim());
        if (end < sentence.Length) quote.Append('…');
        return quote.ToString();
    }
}
