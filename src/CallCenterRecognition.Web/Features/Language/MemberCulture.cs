using System.Globalization;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Language;

// The member's language on /member/{token} and /api/member/{token}: (1) the member's own choice on the page (a cookie on
// those paths), (2) the language stored for the grievant the link was sent to, when it is not English, (3) the browser's
// Accept-Language, (4) English. Staff pages stay English.
public static class MemberCulture
{
    public const string CookieName = "ccr.member-lang";
    private const string ItemKey = "ccr.member-language";

    public static bool IsMemberPath(PathString path) => path.StartsWithSegments("/member") || path.StartsWithSegments("/api/member");

    // The language chosen for this request (one of MemberLanguages), set by the middleware.
    public static string Language(HttpContext http) => http.Items[ItemKey] as string ?? MemberLanguages.Default;

    public static void UseMemberCulture(this WebApplication app)
    {
        var cultures = MemberLanguages.Tags.Select(MemberLanguages.Culture).Distinct().ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(MemberLanguages.Culture(MemberLanguages.Default)),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new CustomRequestCultureProvider(async http =>
            {
                var language = await ChooseAsync(http);
                http.Items[ItemKey] = language;
                var culture = MemberLanguages.Culture(language).Name;
                return new ProviderCultureResult(culture, culture);
            })],
        };
        app.UseWhen(context => IsMemberPath(context.Request.Path), member => member.UseRequestLocalization(options));
    }

    public static async Task<string> ChooseAsync(HttpContext http)
    {
        if (MemberLanguages.Normalize(http.Request.Cookies[CookieName]) is { } chosen)
        {
            return chosen;
        }

        if (Token(http.Request.Path) is { } token && await StoredAsync(http.RequestServices.GetRequiredService<AppDbContext>(), token, http.RequestAborted) is { } stored && stored != MemberLanguages.Default)
        {
            return stored;
        }

        var browser = http.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => MemberLanguages.FromBrowser(l.Value.Value))
            .FirstOrDefault(l => l is not null);
        return browser ?? MemberLanguages.Default;
    }

    // The language of the grievant the link was sent to (a link of no grievant is the first's), even for an expired link:
    // "ask for a new link" is read in the member's language too.
    public static async Task<string?> StoredAsync(AppDbContext db, string token, CancellationToken cancellationToken)
    {
        if (!MemberLinks.LooksLikeToken(token))
        {
            return null;
        }

        var hash = MemberLinks.Hash(token);
        var link = await db.MemberLinks.AsNoTracking().Where(l => l.TokenHash == hash).Select(l => new { l.ClaimId, l.GrievantId }).FirstOrDefaultAsync(cancellationToken);
        if (link is null)
        {
            return null;
        }

        return await db.Grievants.AsNoTracking()
            .Where(g => g.ClaimId == link.ClaimId && (link.GrievantId == null ? g.Position == 0 : g.Id == link.GrievantId))
            .Select(g => g.Language).FirstOrDefaultAsync(cancellationToken);
    }

    // Sets the culture for the synchronous rendering of one text (an e-mail, a packet title) and puts the old one back.
    public static IDisposable Use(string? language) => Use(MemberLanguages.Culture(language));

    public static IDisposable Use(CultureInfo culture) => new CultureScope(culture);

    // Only the member's pages and their API read it; staff pages never see it.
    public static void Remember(HttpResponse response, string language)
    {
        foreach (var path in new[] { "/member", "/api/member" })
        {
            response.Cookies.Append(CookieName, language, new CookieOptions
            {
                Path = path,
                HttpOnly = true,
                Secure = response.HttpContext.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
        }
    }

    private static string? Token(PathString path)
    {
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["member", var token, ..] => token,
            ["api", "member", var token, ..] => token,
            _ => null,
        };
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo next)
        {
            CultureInfo.CurrentCulture = next;
            CultureInfo.CurrentUICulture = next;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }
}
