using System.Text;

namespace CallCenterRecognition.Evidence.Suggesting;

// Words as the suggester sees them: lowercase letters, any run of digits collapsed to "0", "%" as the word "pct",
// punctuation and OCR debris as spaces. Names are split at separators and camel humps ("OrgChart_v2.pdf").
internal static class TextTokens
{
    private static readonly HashSet<string> StopWords =
    [
        "the", "and", "of", "to", "a", "in", "for", "on", "is", "are", "be", "with", "by", "as", "at", "or", "this", "that",
        "it", "from", "an", "will", "all", "our", "your", "you", "we", "their", "they", "has", "have", "was", "were", "its",
        "if", "not", "no", "any", "each", "per", "can", "may", "which", "who", "when", "also", "these", "those", "into",
    ];

    /// The normalised text with every word kept, words separated by single spaces and framed by spaces
    /// (so " phrase " finds whole words).
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append(' ');
        var lastWasSpace = true;
        var lastWasDigit = false;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsDigit(c))
            {
                if (!lastWasDigit)
                {
                    if (!lastWasSpace) builder.Append(' ');
                    builder.Append('0');
                }
                lastWasDigit = true;
                lastWasSpace = false;
                continue;
            }
            if (lastWasDigit && char.IsLetter(c)) { builder.Append(' '); lastWasSpace = true; }
            lastWasDigit = false;
            if (char.IsLetter(c))
            {
                builder.Append(c);
                lastWasSpace = false;
            }
            else if (c == '%')
            {
                if (!lastWasSpace) builder.Append(' ');
                builder.Append("pct ");
                lastWasSpace = true;
            }
            else if (c == '\'' || c == '\u2019')
            {
                // "agent's" reads as "agents", not "agent s"
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }
        if (!lastWasSpace) builder.Append(' ');
        return builder.ToString();
    }

    /// The words of a file name: the extension kept as a word, separators and camel humps split.
    public static string NormalizeFileName(string fileName)
    {
        var builder = new StringBuilder(fileName.Length + 8);
        for (var i = 0; i < fileName.Length; i++)
        {
            var c = fileName[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(fileName[i - 1])) builder.Append(' ');
            builder.Append(c);
        }
        return Normalize(builder.ToString());
    }

    /// Unigrams and bigrams of the content words (stop words, single letters and digits left out).
    public static List<string> Features(string normalized)
    {
        var words = new List<string>();
        foreach (var word in normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length < 2 || StopWords.Contains(word)) continue;
            words.Add(word);
        }
        var features = new List<string>(words.Count * 2);
        features.AddRange(words);
        for (var i = 1; i < words.Count; i++) features.Add(string.Concat(words[i - 1], " ", words[i]));
        return features;
    }
}
