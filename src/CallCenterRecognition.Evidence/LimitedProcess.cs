using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace CallCenterRecognition.Evidence;

/// <summary>The outcome of a program run under limits.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Errors, bool TimedOut, bool OutputCapped);

/// <summary>Runs one program with a wall-clock limit (the whole process tree is killed past it), an optional
/// address-space limit (through prlimit, or the shell's ulimit where prlimit is missing) and capped output.</summary>
internal static class LimitedProcess
{
    private const int MaxErrorChars = 4_000;
    private static readonly Lazy<string?> Prlimit = new(() => FindProgram("prlimit"));

    /// <summary>Runs the program; throws <see cref="Win32Exception"/> when it cannot start and
    /// <see cref="OperationCanceledException"/> when the caller cancels (after killing it).</summary>
    public static async Task<ProcessResult> RunAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, long? memoryBytes, int maxOutputChars,
        string? workingDirectory, IReadOnlyDictionary<string, string>? environment, Action<int>? started, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            WorkingDirectory = workingDirectory ?? "",
        };
        if (memoryBytes is { } limit && Prlimit.Value is { } prlimit)
        {
            start.FileName = prlimit;
            start.ArgumentList.Add($"--as={limit}");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }
        else if (memoryBytes is { } shellLimit)
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"ulimit -v {Math.Max(1, shellLimit / 1024)} && exec \"$0\" \"$@\"");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        using var process = new Process { StartInfo = start };
        process.Start();
        // Reading evidence is background work: requests and the uploads that feed it come first on a small machine.
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited, or not allowed here: it runs at the normal priority.
        }

        started?.Invoke(process.Id);
        process.StandardInput.Close();
        var capped = false;
        var output = ReadCappedAsync(process.StandardOutput, maxOutputChars, () =>
        {
            capped = true;
            Kill(process);
        }, linked.Token);
        var errors = ReadCappedAsync(process.StandardError, MaxErrorChars, () => { }, linked.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            var text = await output.ConfigureAwait(false);
            var errorText = await errors.ConfigureAwait(false);
            return new ProcessResult(process.ExitCode, text, errorText, false, capped);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await Task.WhenAll(Quietly(output), Quietly(errors)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessResult(-1, "", "", true, false);
        }
    }

    /// <summary>Whether a program runs at all: the absolute path, or the first match on PATH.</summary>
    public static string? FindProgram(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited on its own in the meantime.
        }
        catch (Win32Exception)
        {
            // Same: nothing left to kill.
        }

        process.WaitForExit();
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The process is gone; what it wrote no longer matters.
        }
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader, int maxChars, Action onCapped, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var room = maxChars - text.Length;
            text.Append(buffer, 0, Math.Min(room, read));
            if (read > room)
            {
                onCapped();
                break;
            }
        }

        return text.ToString();
    }
}
