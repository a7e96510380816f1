using System.Text;
using System.Text.RegularExpressions;

namespace CallCenterRecognition.Evidence;

/// <summary>One shape for every extracted page: \n line ends, single spaces, no control characters, at most one empty
/// line in a row; tabs (spreadsheet cells) are kept.</summary>
internal static partial class TextNormalizer
{
    public static string Normalize(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\f', '\n').Split('\n');
        var result = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var raw in lines)
        {
            var line = Spaces().Replace(Controls().Replace(raw, ""), " ").Trim(' ');
            if (line.Trim('\t').Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = 0;
        }

        return result.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"[ \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[\x00-\x08\x0B-\x1F\x7F\u200B\uFEFF]")]
    private static partial Regex Controls();
}
