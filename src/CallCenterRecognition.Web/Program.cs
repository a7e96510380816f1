using CallCenterRecognition.Web;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Operations;
using CallCenterRecognition.Web.Features.Startup;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;

var demo = args.Contains("--demo");
StartupTrace.Enabled = args.Contains("--startup-trace");
StartupTrace.Mark("runtime started, Main entered");
var backup = OptionValue(args, "--backup");
var restore = OptionValue(args, "--restore");
var passphraseOption = OptionValue(args, "--passphrase");
string[] valued = ["--backup", "--restore", "--passphrase"];
args = [.. args.Where((a, i) => a != "--demo" && a != "--startup-trace" && !valued.Contains(a) && (i == 0 || !valued.Contains(args[i - 1])))];

FilesAtRest.RestrictNewFiles();
DocumentBackup.Install();
if (backup is not null || restore is not null)
{
    var configuration = WebApplication.CreateBuilder(AppHost.Options(args)).Configuration;
    var passphrase = passphraseOption ?? (configuration["Backup:Passphrase"] is { Length: > 0 } configured ? configured : null);
    try
    {
        if (backup is not null)
        {
            var manifest = await Backup.CreateAsync(configuration, backup, TimeProvider.System, passphrase);
            if (passphrase is null)
            {
                Console.Error.WriteLine("The backup is not encrypted and holds members' personal data: give --passphrase (or Backup:Passphrase) to encrypt it.");
            }

            Console.WriteLine($"Backed up {manifest.Claims} claims, {manifest.JournalEntries} journal entries and a manifest of {manifest.Documents.Count} documents to {Path.GetFullPath(backup)}.");
        }
        else
        {
            var result = await Backup.RestoreAsync(configuration, restore!, TimeProvider.System, passphrase);
            Console.WriteLine($"Restored {result.Manifest.Claims} claims (backup of {result.Manifest.CreatedAt:u}) into {result.DatabasePath}.");
            if (result.PreviousDatabaseMovedTo is not null)
            {
                Console.WriteLine($"The previous database was kept as {result.PreviousDatabaseMovedTo}.");
            }

            if (result.MissingDocuments > 0)
            {
                Console.Error.WriteLine($"{result.MissingDocuments} documents listed in the backup are missing from the document store: restore the store too.");
                return 2;
            }
        }

        return 0;
    }
    catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException or Microsoft.Data.Sqlite.SqliteException)
    {
        await Console.Error.WriteLineAsync(ex.Message);
        return 1;
    }
}

WebApplication app;
try
{
    // Settings are read once at start: reloading on change puts a recursive watcher on the working directory, which the
    // database and document store write to on every action.
    var builder = WebApplication.CreateBuilder(AppHost.Options(["--hostBuilder:reloadConfigOnChange=false", .. args]));
    StartupTrace.Mark("host builder created (configuration read)");
    builder.AddCallCenterRecognition();
    app = builder.Build();
    StartupTrace.Mark("host built (service provider)");
}
catch (Exception ex) when (ex is WorkflowDefinitionException or AppHost.MissingWebRootException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

// The database work (EF's model, migrations, seeding) runs beside the pipeline's configuration and Kestrel's start;
// nothing is answered before it ends (AppInitialization).
var initialization = app.Services.GetRequiredService<AppInitialization>();
var initialized = Task.Run(() => initialization.RunAsync(() => app.InitializeAsync(demo || app.Configuration.GetValue<bool>("Demo"), Console.Out)));
app.UseCallCenterRecognition();
StartupTrace.Mark("request pipeline and endpoints configured");
app.Lifetime.ApplicationStarted.Register(() => StartupTrace.Mark("hosted services started, Kestrel listening"));
await using (app)
{
    await app.StartAsync();
    try
    {
        await initialized;
    }
    catch
    {
        await app.StopAsync();
        throw;
    }

    await app.WaitForShutdownAsync();
}

return 0;

static string? OptionValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    if (index < 0)
    {
        return null;
    }

    return index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal)
        ? args[index + 1]
        : throw new ArgumentException($"{name} needs a file name, e.g. {name} ccr-backup.zip");
}

public partial class Program;
