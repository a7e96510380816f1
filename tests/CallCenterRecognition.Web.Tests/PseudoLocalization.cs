using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Tests;

// A pseudo-localization: every resource string the app reads comes back as "[!! … !!]", so any English left unwrapped on a
// member's page or in a member's e-mail was written in code, not read from the resources.
internal static partial class PseudoLocalization
{
    public static void Install(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory>(_ => new Factory(
            new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance))));

    public static string Wrap(string text) => "[!! " + text + " !!]";

    // The text with every wrapped part taken out, innermost first (a wrapped format may hold wrapped values).
    public static string Unwrapped(string text)
    {
        string before;
        do
        {
            before = text;
            text = Innermost().Replace(text, " ");
        }
        while (text != before);
        return text;
    }

    // Every word of three letters or more in the English resources a member reads, placeholders left out.
    public static IReadOnlySet<string> ResourceWords()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "CallCenterRecognition.Web", "Features", "Language");
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in new[] { "MemberText.resx", "DocumentCategoryText.resx" })
        {
            foreach (var value in XDocument.Load(Path.Combine(root, file)).Descendants("data").Select(d => d.Element("value")!.Value))
            {
                foreach (Match word in Word().Matches(Placeholder().Replace(value, " ")))
                {
                    words.Add(word.Value);
                }
            }
        }

        return words;
    }

    // The words of resources found in text once wrapped parts and the given data (names, numbers, definitions' texts) are removed.
    public static IReadOnlyList<string> UnwrappedResourceWords(string text, IReadOnlySet<string> resourceWords, params string[] data)
    {
        var rest = Unwrapped(text);
        foreach (var value in data.Where(d => d.Length > 0).OrderByDescending(d => d.Length))
        {
            rest = rest.Replace(value, " ", StringComparison.Ordinal);
        }

        return [.. Word().Matches(rest).Select(m => m.Value).Where(resourceWords.Contains).Distinct()];
    }

    // The visible text of a page: tags removed, scripts and styles with their content, entities decoded.
    public static string VisibleText(string html)
    {
        var text = Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        text = Regex.Replace(text, "<[^>]+>", string.Empty);
        return System.Net.WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"\[!![^\[\]]*?!!\]", RegexOptions.Singleline)]
    private static partial Regex Innermost();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Word();

    private sealed class Factory(IStringLocalizerFactory inner) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new Localizer(inner.Create(resourceSource));

        public IStringLocalizer Create(string baseName, string location) => new Localizer(inner.Create(baseName, location));
    }

    private sealed class Localizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Pseudo(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Pseudo(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures).Select(Pseudo);

        private static LocalizedString Pseudo(LocalizedString text) =>
            text.ResourceNotFound ? text : new LocalizedString(text.Name, Wrap(text.Value), false, text.SearchedLocation);
    }
}
