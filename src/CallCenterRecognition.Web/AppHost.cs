namespace CallCenterRecognition.Web;

/// <summary>
/// Where the app finds its own files. The content root is the folder of the app's binaries, never the caller's working
/// directory, so <c>wwwroot</c>, <c>appsettings*.json</c>, <c>workflows/</c> and <c>calendars/</c> are found wherever it is
/// started from; <c>data/</c> paths stay relative to the working directory.
/// </summary>
public static class AppHost
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        // A host that names its content root (the test host does, through --contentRoot) keeps it.
        ContentRootPath = NamesContentRoot(args) ? null : AppContext.BaseDirectory,
    };

    /// <summary>Stops start-up when the pages would be served without their stylesheet and scripts.</summary>
    public static void EnsureWebRoot(IWebHostEnvironment environment)
    {
        var webRoot = environment.WebRootPath;
        if (string.IsNullOrEmpty(webRoot) || !File.Exists(Path.Combine(webRoot, "css", "site.css")))
        {
            throw new MissingWebRootException(
                $"The web root was not found: {(string.IsNullOrEmpty(webRoot) ? Path.Combine(environment.ContentRootPath, "wwwroot") : Path.Combine(webRoot, "css", "site.css"))} is missing. "
                + "Run the app with 'dotnet run --project src/CallCenterRecognition.Web' or from a 'dotnet publish' folder, which carry wwwroot/ beside the binaries.");
        }
    }

    private static bool NamesContentRoot(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
        || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
        || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 };

    public sealed class MissingWebRootException(string message) : Exception(message);
}
