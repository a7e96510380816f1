using System.Diagnostics;

namespace CallCenterRecognition.Web.Features.Packets;

// Pictures of a packet's pages for the preview before filing, drawn by poppler's pdftoppm. It is an optional system tool:
// without it the preview still lists pages and exhibits and links the PDF, and says pictures are unavailable.
public static class PacketPageImages
{
    public const int Resolution = 60;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static readonly Lazy<string?> Tool = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pdftoppm")).FirstOrDefault(File.Exists));

    public static bool Available => Tool.Value is not null;

    /// <returns>The page as PNG bytes, or null when pdftoppm is missing, fails or takes too long.</returns>
    public static async Task<byte[]?> RenderAsync(Stream pdf, int page, CancellationToken cancellationToken)
    {
        if (Tool.Value is not { } tool)
        {
            return null;
        }

        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-r", Resolution.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", "-singlefile", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var draining = process.StandardError.ReadToEndAsync(timeout.Token);
            await using (var input = process.StandardInput.BaseStream)
            {
                await pdf.CopyToAsync(input, timeout.Token);
            }

            await reading;
            await draining;
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 && output.Length > 0 ? output.ToArray() : null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }
}
