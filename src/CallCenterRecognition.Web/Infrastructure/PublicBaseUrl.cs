using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CallCenterRecognition.Web.Infrastructure;

/// <summary>
/// The one rule for absolute links the app writes (e-mails, member links, the calendar feed):
/// <c>App:PublicBaseUrl</c> when set, otherwise the first address the server listens on.
/// </summary>
public sealed class PublicBaseUrl(IConfiguration configuration, IServiceProvider services)
{
    public const string SettingKey = "App:PublicBaseUrl";

    private string? resolved;

    /// <summary>The base without a trailing slash, e.g. <c>https://ccr.example.org</c>.</summary>
    public string Value => resolved ?? Resolve();

    /// <summary>An absolute URL for an app path such as <c>/claims/{id}</c>.</summary>
    public string For(string path) => Value + "/" + path.TrimStart('/');

    private string Resolve()
    {
        if (configuration[SettingKey] is { Length: > 0 } configured)
        {
            return resolved = configured.TrimEnd('/');
        }

        // Kestrel knows its addresses (and a port 0's real port) only once started; until then use what was asked for, uncached.
        var listening = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is not null)
        {
            return resolved = Reachable(listening);
        }

        return FirstConfiguredUrl() is { } asked ? Reachable(asked) : "http://localhost";
    }

    private string? FirstConfiguredUrl() =>
        (configuration["urls"] ?? configuration["ASPNETCORE_URLS"])?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    // A wildcard binding is not an address anyone can open; a link needs a host name.
    private static string Reachable(string address)
    {
        var trimmed = address.TrimEnd('/');
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return trimmed;
        }

        var scheme = trimmed[..(schemeEnd + 3)];
        var rest = trimmed[(schemeEnd + 3)..];
        foreach (var wildcard in new[] { "0.0.0.0", "[::]", "*", "+" })
        {
            if (rest.StartsWith(wildcard, StringComparison.Ordinal) && (rest.Length == wildcard.Length || rest[wildcard.Length] is ':' or '/'))
            {
                return scheme + "localhost" + rest[wildcard.Length..];
            }
        }

        return trimmed;
    }
}
