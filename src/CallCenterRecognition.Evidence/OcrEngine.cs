using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace CallCenterRecognition.Evidence;

/// <summary>How OCR runs: the programs it calls and the limits each page runs under.</summary>
public sealed record OcrOptions
{
    /// <summary>The tesseract program (Debian's tesseract-ocr).</summary>
    public string Tesseract { get; init; } = "tesseract";
    /// <summary>The pdftoppm program (Debian's poppler-utils) that renders PDF pages without text for OCR.</summary>
    public string Pdftoppm { get; init; } = "pdftoppm";
    /// <summary>Tesseract languages, joined with '+'; a language whose data is missing is left out.</summary>
    public string Languages { get; init; } = "eng+spa";
    /// <summary>Wall-clock limit for one page (render and recognize); the page fails past it.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Address-space limit for one OCR process.</summary>
    public long PageMemoryBytes { get; init; } = 1L << 30;
    /// <summary>Resolution PDF pages are rendered at for OCR.</summary>
    public int Dpi { get; init; } = 300;
}

/// <summary>Optical character recognition through the tesseract program, one process per page.</summary>
public sealed class OcrEngine
{
    private const string NotRead = "images and scanned pages are stored but not read";
    private const int MaxOutputChars = 4_000_000;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The arguments after the input and output names; the benchmark's reference runs tesseract with the same.
    /// Page segmentation 3 (automatic, no orientation detection) read the photographed and scanned samples as well as
    /// 1 and in two thirds of the time.</summary>
    internal static readonly IReadOnlyList<string> RecognitionArguments = ["--psm", "3", "-c", "preserve_interword_spaces=1"];

    /// <summary>Tesseract's OpenMP threads cost more than they give on a shared machine (2.0 s against 0.75 s a page
    /// here); pages are parallel at the job level instead.</summary>
    internal static readonly IReadOnlyDictionary<string, string> RecognitionEnvironment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };

    private readonly Lazy<Probe> probe;
    private readonly Lazy<Task> probeRun;

    /// <summary>Creates the engine; whether tesseract can run is probed on first use, once.</summary>
    public OcrEngine(OcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        probe = new Lazy<Probe>(RunProbe, LazyThreadSafetyMode.ExecutionAndPublication);
        probeRun = new Lazy<Task>(() => Task.Run(() => probe.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The programs and limits in use.</summary>
    public OcrOptions Options { get; }

    /// <summary>Runs the probe on the thread pool unless it ran or is running; completes when it is done. Start-up calls
    /// it early, so the first readiness check does not wait for tesseract to start.</summary>
    /// <returns>A task that completes once <see cref="IsAvailable"/> answers without waiting.</returns>
    public Task ProbeAsync() => probeRun.Value;

    /// <summary>Whether tesseract (with at least one of the configured languages) runs on this machine.</summary>
    public bool IsAvailable => probe.Value.Reason is null;

    /// <summary>Why OCR cannot run, for the health check and the document; null when it can.</summary>
    public string? UnavailableReason => probe.Value.Reason;

    /// <summary>The installed languages among the configured ones, joined with '+'; empty when OCR is unavailable.</summary>
    public string Languages => probe.Value.Languages;

    /// <summary>Called with each OCR process id as it starts; tests check none outlives its limit.</summary>
    internal Action<int>? ProcessStarted { get; set; }

    /// <summary>Why PDF pages cannot be rendered for OCR (pdftoppm missing), or null when they can.</summary>
    internal string? PdfUnavailableReason => probe.Value.Reason ?? probe.Value.PdfReason;

    /// <summary>Recognizes the text of one image (PNG, JPEG or TIFF bytes); the pages of a multi-page TIFF are
    /// separated by form feeds.</summary>
    /// <exception cref="OcrException">Past the time or memory limit, or the image could not be read.</exception>
    /// <exception cref="InvalidOperationException">OCR is unavailable (see <see cref="UnavailableReason"/>).</exception>
    public async Task<string> RecognizeImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken) =>
        string.Join('\f', await RecognizeImagePagesAsync(image, null, cancellationToken).ConfigureAwait(false));

    /// <summary>Renders one page (1-based) of a PDF and recognizes its text.</summary>
    /// <exception cref="OcrException">Past the time or memory limit, or the page could not be rendered or read.</exception>
    /// <exception cref="InvalidOperationException">OCR or PDF rendering is unavailable.</exception>
    public async Task<string> RecognizePdfPageAsync(ReadOnlyMemory<byte> pdf, int page, CancellationToken cancellationToken)
    {
        using var session = await OpenPdfAsync(pdf, cancellationToken).ConfigureAwait(false);
        return await session.RecognizePageAsync(page, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The recognized pages of an image (several for a multi-page TIFF).</summary>
    internal async Task<IReadOnlyList<string>> RecognizeImagePagesAsync(ReadOnlyMemory<byte> image, int? dpi, CancellationToken cancellationToken)
    {
        EnsureAvailable(probe.Value.Reason);
        using var folder = new PrivateFolder();
        var straightened = Straighten(() => Deskew.Straighten(image.Span));
        var input = Path.Combine(folder.Path, straightened is null ? "image" : "image.pgm");
        await File.WriteAllBytesAsync(input, straightened ?? image, cancellationToken).ConfigureAwait(false);
        var pages = Math.Min(TiffPages.Count(image.Span), PageCollector.MaxPages);
        var output = await RecognizeFileAsync(input, dpi, "the image", Stopwatch.StartNew(), cancellationToken, pages).ConfigureAwait(false);
        return SplitPages(output);
    }

    /// <summary>Writes the PDF once into a private folder, for OCR of several of its pages.</summary>
    internal async Task<PdfSession> OpenPdfAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken)
    {
        EnsureAvailable(PdfUnavailableReason);
        var folder = new PrivateFolder();
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.Path, "document.pdf"), pdf, cancellationToken).ConfigureAwait(false);
            return new PdfSession(this, folder);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>The page straightened when it is turned; a picture this process cannot decode goes to tesseract as it
    /// is, which reads it or says why not.</summary>
    internal static byte[]? Straighten(Func<byte[]?> straighten)
    {
        try
        {
            return straighten();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Tesseract's pages: its text output ends every page with a form feed.</summary>
    internal static IReadOnlyList<string> SplitPages(string output)
    {
        var pages = output.Split('\f').ToList();
        if (pages.Count > 1 && string.IsNullOrWhiteSpace(pages[^1]))
        {
            pages.RemoveAt(pages.Count - 1);
        }

        return pages;
    }

    private async Task<string> RecognizeFileAsync(string input, int? dpi, string what, Stopwatch page, CancellationToken cancellationToken, int pages = 1)
    {
        List<string> arguments = [input, "stdout", "-l", Languages];
        if (dpi is { } resolution)
        {
            arguments.AddRange(["--dpi", resolution.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(RecognitionArguments);
        var result = await RunLimitedAsync(Options.Tesseract, arguments, page, what, cancellationToken, pages).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new OcrException(Failure(what, result, "could not be read"));
        }

        return result.Output;
    }

    /// <summary>Runs one step of a page's OCR in what is left of its time; a multi-page TIFF, one process, gets the
    /// limit once for each of its pages.</summary>
    private async Task<ProcessResult> RunLimitedAsync(string program, IReadOnlyList<string> arguments, Stopwatch page, string what, CancellationToken cancellationToken, int pages = 1)
    {
        var left = Options.PageTimeout * pages - page.Elapsed;
        ProcessResult result;
        try
        {
            result = left <= TimeSpan.Zero
                ? new ProcessResult(-1, "", "", true, false)
                : await LimitedProcess.RunAsync(program, arguments, left, Options.PageMemoryBytes, MaxOutputChars, null, RecognitionEnvironment, ProcessStarted, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new OcrException($"OCR of {what} could not start {Path.GetFileName(program)}: {e.Message}", e);
        }

        if (result.TimedOut)
        {
            throw new OcrException($"OCR of {what} stopped at the time limit of {Describe(Options.PageTimeout)} a page");
        }

        return result;
    }

    private string Failure(string what, ProcessResult result, string verb)
    {
        var errors = result.Errors;
        if (errors.Contains("alloc", StringComparison.OrdinalIgnoreCase) || errors.Contains("memory", StringComparison.OrdinalIgnoreCase)
            || errors.Contains("failed to map", StringComparison.OrdinalIgnoreCase))
        {
            return $"OCR of {what} stopped at the memory limit of {Options.PageMemoryBytes / 1048576} MB a page";
        }

        var line = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("Estimating resolution", StringComparison.Ordinal) && !l.StartsWith("Warning", StringComparison.Ordinal));
        var detail = line is null ? $"exit code {result.ExitCode}" : line.Length > 160 ? line[..160] : line;
        return $"{char.ToUpperInvariant(what[0])}{what[1..]} {verb} ({detail})";
    }

    private static string Describe(TimeSpan limit) =>
        limit < TimeSpan.FromSeconds(1)
            ? $"{limit.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms"
            : $"{limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";

    private static void EnsureAvailable(string? reason)
    {
        if (reason is not null)
        {
            throw new InvalidOperationException(reason);
        }
    }

    private Probe RunProbe()
    {
        if (LimitedProcess.FindProgram(Options.Tesseract) is null)
        {
            return new Probe($"OCR is not installed (tesseract-ocr); {NotRead}", "", null);
        }

        ProcessResult version, languages;
        try
        {
            version = LimitedProcess.RunAsync(Options.Tesseract, ["--version"], ProbeTimeout, null, 64_000, null, null, null, CancellationToken.None).GetAwaiter().GetResult();
            languages = LimitedProcess.RunAsync(Options.Tesseract, ["--list-langs"], ProbeTimeout, null, 64_000, null, null, null, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Win32Exception)
        {
            return new Probe($"OCR is not installed (tesseract-ocr); {NotRead}", "", null);
        }

        if (version.ExitCode != 0 || version.TimedOut || !(version.Output + version.Errors).Contains("tesseract", StringComparison.OrdinalIgnoreCase))
        {
            return new Probe($"OCR does not run (tesseract --version failed); {NotRead}", "", null);
        }

        var installed = (languages.Output + "\n" + languages.Errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains(' ', StringComparison.Ordinal) && l != "osd")
            .ToHashSet(StringComparer.Ordinal);
        var usable = Options.Languages.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(installed.Contains).ToList();
        if (usable.Count == 0)
        {
            return new Probe($"OCR has none of its languages ({Options.Languages}) installed (tesseract-ocr-eng, tesseract-ocr-spa); {NotRead}", "", null);
        }

        var pdfReason = LimitedProcess.FindProgram(Options.Pdftoppm) is null
            ? "PDF pages without text cannot be rendered for OCR (poppler-utils is not installed); they are stored but not read"
            : null;
        return new Probe(null, string.Join('+', usable), pdfReason);
    }

    private sealed record Probe(string? Reason, string Languages, string? PdfReason);

    /// <summary>One PDF written to a private folder, its pages rendered and recognized one process each.</summary>
    internal sealed class PdfSession(OcrEngine engine, PrivateFolder folder) : IDisposable
    {
        public async Task<string> RecognizePageAsync(int page, CancellationToken cancellationToken)
        {
            var what = $"page {page}";
            var clock = Stopwatch.StartNew();
            var number = page.ToString(CultureInfo.InvariantCulture);
            var image = Path.Combine(folder.Path, "page");
            List<string> arguments =
            [
                "-r", engine.Options.Dpi.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-gray", "-singlefile",
                Path.Combine(folder.Path, "document.pdf"), image,
            ];
            var rendered = await engine.RunLimitedAsync(engine.Options.Pdftoppm, arguments, clock, what, cancellationToken).ConfigureAwait(false);
            var file = image + ".pgm";
            if (rendered.ExitCode != 0 || !File.Exists(file))
            {
                throw new OcrException(engine.Failure(what, rendered, "could not be rendered for OCR"));
            }

            if (Straighten(() => Deskew.StraightenPgm(File.ReadAllBytes(file))) is { } straight)
            {
                await File.WriteAllBytesAsync(file, straight, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return string.Join('\n', SplitPages(await engine.RecognizeFileAsync(file, engine.Options.Dpi, what, clock, cancellationToken).ConfigureAwait(false)));
            }
            finally
            {
                File.Delete(file);
            }
        }

        public void Dispose() => folder.Dispose();
    }
}
