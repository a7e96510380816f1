using System.Text;
using System.Text.RegularExpressions;

namespace CallCenterRecognition.Evidence.Highlighting;

// Splits a page into sentences: lines wrapped by the page (or broken by OCR) are joined back within a paragraph,
// a word hyphenated across lines is rejoined, and list items (bullets, "60%" lines, short lines) stay on their own.
internal static partial class PageSentences
{
    private const int WrappedLineLength = 45;

    public static IEnumerable<string> Of(string page)
    {
        foreach (var unit in Units(page))
        {
            foreach (var sentence in SentenceEnd().Split(unit))
            {
                var trimmed = sentence.Trim();
                if (trimmed.Length > 0) yield return trimmed;
            }
        }
    }

    private static List<string> Units(string page)
    {
        var units = new List<string>();
        var current = new StringBuilder();
        var previous = "";
        var previousTable = false;
        var lines = page.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        // A line was wrapped by the page when the next line's first word would not have fitted after it: judged
        // against the page's longest line, so a paragraph per line (Word) or a list is not run together.
        var wrapWidth = Math.Max(WrappedLineLength, (int)(0.8 * lines.Max(l => l.Trim().Length)));
        foreach (var rawLine in lines)
        {
            var table = rawLine.Contains('\t') || rawLine.Contains(" | ", StringComparison.Ordinal);
            var line = Spaces().Replace(rawLine.Replace('\t', ' '), " ").Trim();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }
            if (current.Length > 0 && !table && !previousTable && Continues(previous, line, wrapWidth))
            {
                if (previous.Length > 1 && previous[^1] == '-' && char.IsLetter(previous[^2]) && char.IsLower(line[0]))
                    current.Length--;
                else
                    current.Append(' ');
                current.Append(line);
            }
            else
            {
                Flush();
                current.Append(line);
            }
            previous = line;
            previousTable = table;
        }
        Flush();
        return units;

        void Flush()
        {
            if (current.Length > 0) units.Add(current.ToString());
            current.Clear();
        }
    }

    private static bool Continues(string previous, string next, int wrapWidth)
    {
        if (ListItem().IsMatch(next)) return false;
        if (previous[^1] is '.' or '!' or '?' or ':' or ';') return false;
        if (char.IsLower(next[0])) return true;
        var firstWord = next.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : next.Length;
        return previous.Length + 1 + firstWord >= wrapWidth;
    }

    [GeneratedRegex(@"^([•·▪●◦*\-–—>]|o\s|\(?\d{1,3}\s*(%|percent)|\(?(\d{1,2}|[a-zA-Z])[.)]\s|(Step|Aux|Code)\s*\d|[A-Z][\w/&'’ -]{0,30}:\s)")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"(?<=[a-z0-9)\]""'”%][.!?])\s+(?=[""'“(\[]?[A-Z0-9])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[ \u00a0]{2,}")]
    private static partial Regex Spaces();
}
