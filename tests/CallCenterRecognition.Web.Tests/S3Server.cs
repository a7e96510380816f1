using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CallCenterRecognition.Web.Tests;

// s3rver (tests/s3, pinned in its package-lock.json, installed by scripts/ensure-deps.sh) on a free loopback port, with
// its objects in a temp folder; buckets named at start exist from the first request.
public sealed partial class S3Server : IDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process process;

    private S3Server(Process process, string folder, string serviceUrl)
    {
        this.process = process;
        Folder = folder;
        ServiceUrl = serviceUrl;
    }

    public string Folder { get; }

    public string ServiceUrl { get; }

    public static S3Server Start(params string[] buckets)
    {
        var script = Path.Combine(TestDatabase.RepositoryRoot(), "tests", "s3", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run scripts/ensure-deps.sh (npm ci in tests/s3).");
        }

        var folder = Directory.CreateTempSubdirectory("ccr-s3-").FullName;
        var arguments = new List<string> { script, "-d", folder, "-a", "127.0.0.1", "-p", "0", "--no-vhost-buckets" };
        foreach (var bucket in buckets)
        {
            arguments.AddRange(["--configure-bucket", bucket]);
        }

        var process = Process.Start(new ProcessStartInfo("node", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("s3rver did not start listening within 60 s.");
        }

        return new S3Server(process, folder, $"http://127.0.0.1:{listening.Task.Result}");
    }

    public Dictionary<string, string?> Settings(string bucket) => new()
    {
        ["Documents:Store"] = "s3",
        ["Documents:S3:ServiceUrl"] = ServiceUrl,
        ["Documents:S3:Bucket"] = bucket,
        ["Documents:S3:AccessKey"] = AccessKey,
        ["Documents:S3:SecretKey"] = SecretKey,
    };

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
