using System.Text;
using MimeKit.Text;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Reduces an HTML e-mail body to readable text with MimeKit's tokenizer: nothing is fetched, run or laid out as HTML.
/// Scripts, styles and the head are dropped, entities decoded, block elements become line and paragraph breaks,
/// list items bullets, table cells are separated by " | ", and a link keeps its https/http/mailto address after its text.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "template", "noscript", "xml", "svg", "math", "object", "iframe", "select",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "address", "figure",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "section", "article", "header", "footer", "main", "nav", "aside", "form", "fieldset", "center", "dt", "dd", "caption", "tr",
    };

    public static string ToText(string html, int maxCharacters)
    {
        var text = new StringBuilder(Math.Min(html.Length, maxCharacters) + 16);
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        var skip = 0;
        var pre = 0;
        var lists = new Stack<int>();
        var cell = 0;
        string? href = null;
        var linkStart = 0;
        while (text.Length < maxCharacters && tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag:
                    var name = tag.Name;
                    if (Skipped.Contains(name))
                    {
                        if (!tag.IsEmptyElement)
                        {
                            skip = tag.IsEndTag ? Math.Max(0, skip - 1) : skip + 1;
                        }
                        continue;
                    }
                    if (name.Equals("body", StringComparison.OrdinalIgnoreCase))
                    {
                        // An unclosed <head> must not hide the whole message.
                        skip = 0;
                        continue;
                    }
                    if (skip > 0)
                    {
                        continue;
                    }
                    if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                    {
                        text.Append('\n');
                    }
                    else if (name.Equals("hr", StringComparison.OrdinalIgnoreCase))
                    {
                        Break(text, 1);
                        text.Append("────────────\n");
                    }
                    else if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
                    {
                        pre = tag.IsEndTag ? Math.Max(0, pre - 1) : pre + 1;
                        Break(text, 2);
                    }
                    else if (name.Equals("ul", StringComparison.OrdinalIgnoreCase) || name.Equals("ol", StringComparison.OrdinalIgnoreCase))
                    {
                        if (tag.IsEndTag)
                        {
                            if (lists.Count > 0)
                            {
                                lists.Pop();
                            }
                        }
                        else if (!tag.IsEmptyElement)
                        {
                            lists.Push(name.Equals("ol", StringComparison.OrdinalIgnoreCase) ? 1 : 0);
                        }
                        Break(text, lists.Count == 0 ? 2 : 1);
                    }
                    else if (name.Equals("li", StringComparison.OrdinalIgnoreCase))
                    {
                        Break(text, 1);
                        if (!tag.IsEndTag)
                        {
                            var depth = Math.Max(1, lists.Count);
                            text.Append(new string('\u00A0', (depth - 1) * 4));
                            if (lists.Count > 0 && lists.Peek() > 0)
                            {
                                var number = lists.Pop();
                                lists.Push(number + 1);
                                text.Append(number).Append(". ");
                            }
                            else
                            {
                                text.Append("• ");
                            }
                        }
                    }
                    else if (name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase))
                    {
                        if (!tag.IsEndTag && cell++ > 0)
                        {
                            TrimSpace(text);
                            text.Append(" | ");
                        }
                    }
                    else if (name.Equals("a", StringComparison.OrdinalIgnoreCase))
                    {
                        if (tag.IsEndTag)
                        {
                            if (href is not null && !text.ToString(linkStart, text.Length - linkStart).Contains(href, StringComparison.OrdinalIgnoreCase))
                            {
                                TrimSpace(text);
                                text.Append(" <").Append(href).Append('>');
                            }
                            href = null;
                        }
                        else
                        {
                            href = Link(tag);
                            linkStart = text.Length;
                        }
                    }
                    else if (name.Equals("img", StringComparison.OrdinalIgnoreCase))
                    {
                        var alt = tag.Attributes.FirstOrDefault(a => a.Name.Equals("alt", StringComparison.OrdinalIgnoreCase))?.Value;
                        if (!string.IsNullOrWhiteSpace(alt))
                        {
                            Append(text, $"[image: {alt.Trim()}]", false);
                        }
                    }
                    else if (Paragraphs.Contains(name))
                    {
                        Break(text, 2);
                    }
                    else if (Lines.Contains(name))
                    {
                        if (name.Equals("tr", StringComparison.OrdinalIgnoreCase))
                        {
                            cell = 0;
                        }
                        Break(text, 1);
                    }
                    break;
                case HtmlDataToken data when skip == 0 && token.Kind == HtmlTokenKind.Data:
                    Append(text, data.Data, pre > 0);
                    break;
            }
        }
        return Tidy(text.ToString());
    }

    private static string? Link(HtmlTagToken tag)
    {
        var value = tag.Attributes.FirstOrDefault(a => a.Name.Equals("href", StringComparison.OrdinalIgnoreCase))?.Value?.Trim();
        return value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeMailto)
            ? value[..Math.Min(value.Length, 300)]
            : null;
    }

    private static void Append(StringBuilder text, string data, bool preformatted)
    {
        if (preformatted)
        {
            text.Append(data);
            return;
        }
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] is not (' ' or '\n' or '\u00A0'))
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }

    private static void TrimSpace(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
    }

    /// <summary>Ends the current line and leaves up to <paramref name="newlines"/> - 1 blank lines, never more.</summary>
    private static void Break(StringBuilder text, int newlines)
    {
        TrimSpace(text);
        if (text.Length == 0)
        {
            return;
        }
        var have = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == '\n'; i--)
        {
            have++;
        }
        for (; have < newlines; have++)
        {
            text.Append('\n');
        }
    }

    private static string Tidy(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd());
        var sb = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0)
            {
                blank++;
                continue;
            }
            if (sb.Length > 0)
            {
                sb.Append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            sb.Append(line);
        }
        return sb.ToString();
    }
}
