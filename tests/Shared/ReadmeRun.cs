using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace CallCenterRecognition.Tests.Shared;

// The app started exactly as the README's run command starts it: from a copy of the repository root,
// `dotnet run --project src/CallCenterRecognition.Web -- --demo --urls …`, no content root given. The test hosts set
// the content root themselves, which once hid that this command served every page without its stylesheet.
public sealed class ReadmeRun : IAsyncDisposable
{
    public const string ProjectPath = "src/CallCenterRecognition.Web";

    private static readonly string[] Skipped = ["bin", "obj", "TestResults", "data", ".git", ".vs", "node_modules", "artifacts"];

    private readonly Process process;
    private readonly FileStream copyLock;
    private readonly StringBuilder output = new();

    private ReadmeRun(Process process, FileStream copyLock, string root, Uri address)
    {
        this.process = process;
        this.copyLock = copyLock;
        Root = root;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    // The copy of the repository root the command ran in; data/ is under it, as the README says.
    public string Root { get; }

    public Uri Address { get; }

    public string BaseUrl => Address.ToString().TrimEnd('/');

    public string DatabasePath => Path.Combine(Root, "data", "ccr.db");

    public string OutboxPath => Path.Combine(Root, "data", "outbox");

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    // Everything the app wrote before Kestrel said where it listens.
    public string OutputBeforeListening
    {
        get
        {
            var all = Output;
            var at = all.IndexOf("Now listening on", StringComparison.Ordinal);
            return at < 0 ? all : all[..at];
        }
    }

    /// <param name="environment">Settings a deployment would give (e.g. looser rate limits for a test that signs in often).</param>
    public static async Task<ReadmeRun> StartAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var source = RepositoryRoot();
        var copy = Path.Combine(Path.GetTempPath(), "ccr-readme-run-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..12].ToLowerInvariant());
        Directory.CreateDirectory(copy);
        // One app at a time in one copy: its data/ folder is the copy's.
        var copyLock = await LockAsync(Path.Combine(copy, ".lock"));
        try
        {
            var root = Path.Combine(copy, "repo");
            Sync(source, root);
            var data = Path.Combine(root, "data");
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", ["run", "--project", ProjectPath, "--", "--demo", "--urls", $"http://127.0.0.1:{port}", .. extraArgs])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // The build's worker nodes must not outlive the test holding its output pipes.
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            foreach (var inherited in new[] { "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS" })
            {
                start.Environment.Remove(inherited);
            }

            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            var run = new ReadmeRun(Process.Start(start)!, copyLock, root, new Uri($"http://127.0.0.1:{port}"));
            try
            {
                await run.WaitUntilReadyAsync(TimeSpan.FromMinutes(6));
                return run;
            }
            catch
            {
                await run.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await copyLock.DisposeAsync();
            throw;
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallCenterRecognition.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (the folder of CallCenterRecognition.sln) was not found above " + AppContext.BaseDirectory);
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"`dotnet run` exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The app started by `dotnet run` was not ready after {limit}:\n{Output}");
    }

    // Source files only, with their times kept, so the copy's own bin/ and obj/ build incrementally on the next run.
    private static void Sync(string source, string target)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles(source, source))
        {
            var relative = Path.GetRelativePath(source, file);
            wanted.Add(relative);
            var destination = Path.Combine(target, relative);
            var from = new FileInfo(file);
            var to = new FileInfo(destination);
            if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc == from.LastWriteTimeUtc)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
            File.SetLastWriteTimeUtc(destination, from.LastWriteTimeUtc);
        }

        if (Directory.Exists(target))
        {
            foreach (var stale in SourceFiles(target, target).Where(f => !wanted.Contains(Path.GetRelativePath(target, f))).ToList())
            {
                File.Delete(stale);
            }
        }
    }

    private static IEnumerable<string> SourceFiles(string root, string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            if (Path.GetFileName(file) != ".lock")
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(dir))
        {
            var name = Path.GetFileName(sub);
            // Every bin/ and obj/ anywhere; data/, TestResults/ and .git at any depth are never source.
            if (Skipped.Contains(name, StringComparer.Ordinal) || (dir == root && name == "tests"))
            {
                continue;
            }

            foreach (var file in SourceFiles(root, sub))
            {
                yield return file;
            }
        }
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool disposed;

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
        finally
        {
            await copyLock.DisposeAsync();
        }
    }
}
