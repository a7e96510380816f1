using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace CallCenterRecognition.Web.Features.Language;

// The one source of the checklist's category titles and hints (DocumentCategoryText.resx, keyed "{id}.Title" and "{id}.Hint"):
// the member page and e-mails read it in the member's language, the packet and staff pages in English.
public sealed class DocumentCategoryText(IStringLocalizer<DocumentCategoryText> localizer)
{
    private static readonly ResourceManager Resources = new(typeof(DocumentCategoryText));

    public string Title(string id) => Lookup(id, "Title") ?? id;

    public string Hint(string id) => Lookup(id, "Hint") ?? string.Empty;

    // For the packet, which CalHR reads in English whatever the request's culture.
    public string Title(string id, CultureInfo culture)
    {
        using (MemberCulture.Use(culture))
        {
            return Title(id);
        }
    }

    // English from the same resources, for code that has no localizer at hand (staff pages, journal texts).
    public static string English(string id, string part) => Resources.GetString($"{id}.{part}", CultureInfo.InvariantCulture) ?? (part == "Title" ? id : string.Empty);

    private string? Lookup(string id, string part)
    {
        var text = localizer[$"{id}.{part}"];
        return text.ResourceNotFound ? null : text.Value;
    }
}
