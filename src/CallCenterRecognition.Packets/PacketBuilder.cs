using System.Globalization;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Graphics.Operations.SpecialGraphicsState;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Builds the grievance packet PDF: cover, the grievance statement (the content of form Std. 630), evidence index, and every
/// exhibit with a slip line on its first page, all stamped with the claim number, "Page N of M" and (evidence) Bates labels.
/// </summary>
/// <remarks>
/// Skia draws every page the packet writes itself (it subsets fonts and passes JPEG data through untouched);
/// PdfPig then copies those pages and the exhibits' own pages into one document, stamps the copied exhibit pages,
/// and adds bookmarks and metadata. Each build keeps its own state, so one instance may serve concurrent builds.
/// </remarks>
public sealed class PacketBuilder
{
    private static readonly Lazy<PacketFonts> DefaultFonts = new(PacketFonts.DejaVuSans);
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private readonly PacketFonts _fonts;
    private readonly PacketOptions _options;

    /// <summary>Creates a builder.</summary>
    /// <param name="fonts">Typefaces to set the packet in; DejaVu Sans when null. The caller keeps ownership.</param>
    /// <param name="options">Limits on what exhibits may declare; the defaults when null.</param>
    public PacketBuilder(PacketFonts? fonts = null, PacketOptions? options = null)
    {
        _fonts = fonts ?? DefaultFonts.Value;
        _options = options ?? new PacketOptions();
        if (_options.MaxImagePixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxImagePixels must be positive.");
        }
    }

    /// <summary>Builds the packet PDF into <paramref name="output"/>.</summary>
    /// <param name="request">Claim, exhibits and missing checklist categories.</param>
    /// <param name="output">Writable stream receiving the PDF; left open.</param>
    /// <param name="progress">Receives one step per exhibit checked and merged, plus layout and finishing steps.</param>
    /// <param name="cancellationToken">Stops the build between pages; the output is then incomplete.</param>
    /// <returns>Page count and how each exhibit went in.</returns>
    /// <exception cref="OperationCanceledException">The build was cancelled.</exception>
    public PacketResult Build(PacketRequest request, Stream output, IProgress<PacketProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Claim);
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        PacketWarmUp.RealBuildStarting();
        var exhibits = request.Exhibits ?? [];
        var total = exhibits.Count * 2 + 3;
        var done = 0;
        void Report(string step) => progress?.Report(new PacketProgress(step, done, total));

        // Text, e-mail, Word, Excel and TIFF exhibits are typeset while checked, with the packet's typesetter.
        using var type = new Typesetter(_fonts);
        var contents = new CopiedContent();
        using var conversion = new ExhibitConversion(type, _options) { Copies = contents };
        var plans = new List<ExhibitPlan>(exhibits.Count);
        var planned = exhibits.Select((exhibit, i) => new ExhibitPlan(i, ExhibitPlan.LetterFor(i), exhibit)).ToList();
        // PDFs and photos are checked on the pool, in parallel, while this thread typesets the other exhibits in order with
        // the one typesetter; each probe writes only its own plan, so the packet does not depend on which finishes first.
        var alone = planned.Where(p => p.ProbesAlone).ToList();
        var probing = alone.Count < 2 ? null : Task.Run(() => Parallel.ForEach(
            alone,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            plan => plan.Probe(_options, conversion, cancellationToken)), cancellationToken);
        try
        {
            foreach (var plan in planned)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Report($"Checking exhibit {plan.Letter}");
                if (probing is null || !plan.ProbesAlone)
                {
                    plan.Probe(_options, conversion, cancellationToken);
                }
                plans.Add(plan);
                plans.AddRange(plan.Attachments);
                total += plan.Attachments.Count;
                done++;
            }
            probing?.GetAwaiter().GetResult();

            cancellationToken.ThrowIfCancellationRequested();
            Report("Laying out cover, statement and index");
            var claim = request.Claim;
            var claimNumber = Typesetter.Clean(claim.ClaimNumber, maxLength: 60);
            var cover = Layout.Cover(type, claim, plans);
            var statement = Layout.Statement(type, claim, claimNumber, plans);
            var frontCount = cover.Count + statement.Count;

            // The index lists packet pages, which depend on how long the index is: lay it out until the count settles,
            // starting from about what it holds (some rows under the heading, a page's worth on each further page).
            List<GeneratedPage> index = [];
            var indexCount = 1 + Math.Max(0, plans.Count - 6) / 14;
            for (var attempt = 0; attempt < 4; attempt++)
            {
                AssignPages(plans, frontCount + indexCount);
                index = Layout.Index(type, claimNumber, plans);
                if (index.Count == indexCount)
                {
                    break;
                }
                indexCount = index.Count;
            }
            AssignPages(plans, frontCount + index.Count);
            var pageTotal = frontCount + index.Count + plans.Sum(p => p.PageCount);
            done++;

            cancellationToken.ThrowIfCancellationRequested();
            Report("Drawing cover, statement and index");
            // Generated pages in packet order; exhibit pages from PDFs are not here, they are copied later.
            var drawnPages = new List<GeneratedPage>();
            drawnPages.AddRange(cover);
            drawnPages.AddRange(statement);
            drawnPages.AddRange(index);
            var numbers = new List<int>();
            for (var i = 0; i < drawnPages.Count; i++)
            {
                numbers.Add(i + 1);
            }
            foreach (var plan in plans)
            {
                if (plan.Typeset is { } typeset)
                {
                    for (var k = 0; k < typeset.Count; k++)
                    {
                        var page = new GeneratedPage { Bates = Bates(claimNumber, plan.Letter, k + 1) };
                        page.Ops.AddRange(typeset[k].Ops);
                        drawnPages.Add(page);
                        numbers.Add(plan.FirstPage + k);
                    }
                }
                else if (plan.Disposition == ExhibitDisposition.Image)
                {
                    drawnPages.Add(Layout.ImagePage(type, claimNumber, plan));
                    numbers.Add(plan.FirstPage);
                }
            }
            PacketResult? result = null;
            var drawDone = done + 1;
            for (var attempt = 0; result is null; attempt++)
            {
                done = drawDone - 1;
                using var drawn = new FileStream(Path.Combine(Path.GetTempPath(), $"packet-{Guid.NewGuid():N}.pdf"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
                DrawWithSkia(type, drawnPages, numbers, claimNumber, pageTotal, drawn, cancellationToken);
                done++;
                drawn.Position = 0;
                try
                {
                    result = Assemble(request, plans, contents, drawn, frontCount + index.Count, cover.Count, frontCount + 1, pageTotal, claimNumber, output, () => done++, Report, cancellationToken);
                }
                catch (StandInsNotDrawnException) when (attempt == 0)
                {
                    // Skia drew a photo's stand-in some other way than it did at probe time: draw the photos themselves.
                    foreach (var plan in plans)
                    {
                        plan.DropStandIn();
                    }
                }
            }
            done = total;
            Report("Packet ready");
            return result;
        }
        finally
        {
            if (probing is not null)
            {
                // A failed or cancelled build must not dispose what a probe still reads.
                ((IAsyncResult)probing).AsyncWaitHandle.WaitOne();
            }
            // Probed PDFs the merge did not take (a failed or cancelled build) are still open.
            foreach (var plan in planned.Concat(plans))
            {
                plan.ReleasePrepared();
            }
        }
    }

    private static void AssignPages(List<ExhibitPlan> plans, int pagesBeforeExhibits)
    {
        var next = pagesBeforeExhibits + 1;
        foreach (var plan in plans)
        {
            plan.FirstPage = next;
            next += plan.PageCount;
        }
    }

    private static void DrawWithSkia(Typesetter type, List<GeneratedPage> pages, List<int> numbers, string claimNumber, int pageTotal, Stream target, CancellationToken cancellationToken)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            RasterDpi = 150,
            EncodingQuality = 85,
            Creator = "CallCenterRecognition",
            Producer = "CallCenterRecognition",
        };
        // Dry pass: learn every character each face draws, then draw with fonts pruned to those glyphs.
        type.Collecting = true;
        using (var dry = new SKNoDrawCanvas((int)PageFlow.PageWidth, (int)PageFlow.PageHeight))
        {
            for (var i = 0; i < pages.Count; i++)
            {
                foreach (var op in pages[i].Ops)
                {
                    op(dry);
                }
                Layout.Footer(type, dry, claimNumber, numbers[i], pageTotal, pages[i].Bates);
            }
        }
        type.Collecting = false;
        type.PruneFonts();

        using var document = SKDocument.CreatePdf(target, metadata);
        for (var i = 0; i < pages.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var canvas = document.BeginPage(PageFlow.PageWidth, PageFlow.PageHeight);
            foreach (var op in pages[i].Ops)
            {
                op(canvas);
            }
            Layout.Footer(type, canvas, claimNumber, numbers[i], pageTotal, pages[i].Bates);
            document.EndPage();
        }
        document.Close();
        target.Flush();
    }

    private PacketResult Assemble(
        PacketRequest request,
        List<ExhibitPlan> plans,
        CopiedContent contents,
        Stream drawn,
        int frontPages,
        int coverCount,
        int indexPage,
        int pageTotal,
        string claimNumber,
        Stream output,
        Action stepDone,
        Action<string> report,
        CancellationToken cancellationToken)
    {
        // PdfPig's writer records byte offsets as it goes, so it needs a seekable target; a response stream is not.
        Stream? spill = null;
        var target = output;
        if (!output.CanSeek)
        {
            spill = new FileStream(Path.Combine(Path.GetTempPath(), $"packet-{Guid.NewGuid():N}.pdf"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            target = spill;
        }
        try
        {
            var outcomes = new List<ExhibitOutcome>(plans.Count);
            // Returned to the pool only once the document that parses from it, and the builder copying from that, are done.
            using var drawnBytes = PooledBytes.Read(drawn, ExhibitPlan.MaxInMemoryPdf);
            using (var generated = drawnBytes is not null ? PdfDocument.Open(drawnBytes.Memory, ExhibitPlan.PdfOptions) : PdfDocument.Open(drawn, ExhibitPlan.PdfOptions))
            {
                // Before the builder writes a byte: a photo whose stand-in is not found is drawn again, from its file.
                var drawnDeferred = contents.Defer(generated, generated.NumberOfPages, cancellationToken, images: true);
                if (!contents.SwappedAll(plans.Select(p => p.StandIn).OfType<JpegStandIn>()))
                {
                    contents.Release(drawnDeferred);
                    throw new StandInsNotDrawnException();
                }

                // Not `using`: disposing writes the trailer, which a failed build must not do.
                var claim = request.Claim;
                var contract = claim.ContractOrDefault;
                var metadata = new PdfMetadata(
                    Title: Typesetter.Clean($"Grievance packet {claim.ClaimNumber}", maxLength: 200),
                    Author: Typesetter.Clean(claim.Union, maxLength: 200),
                    Subject: Typesetter.Clean($"Article {contract.Section} ({contract.Title}) grievance: {claim.Department}, {claim.WorkUnit}", maxLength: 400),
                    Keywords: Typesetter.Clean($"Article {contract.Section}; {contract.Title}; grievance; CalHR", maxLength: 300),
                    Creator: "CallCenterRecognition",
                    Producer: "CallCenterRecognition (SkiaSharp, PdfPig)",
                    Date: claim.PreparedAt ?? new DateTimeOffset(claim.PreparedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    Language: "en-US");
                var finish = new PdfFinish(new HostileContent(contents), metadata, drawnBytes is not null ? PacketIdentifier.Of(metadata, drawnBytes.Memory.Span, plans) : PacketIdentifier.Of(metadata, drawn, plans));
                // Not `using`: disposing writes the trailer, which a failed build must not do.
                var builder = new PdfDocumentBuilder(target, false, PdfWriterType.Default, tokenWriter: finish);
                builder.DocumentInformation.Title = metadata.Title;
                builder.DocumentInformation.Author = metadata.Author;
                builder.DocumentInformation.Subject = metadata.Subject;
                builder.DocumentInformation.Keywords = metadata.Keywords;
                builder.DocumentInformation.Creator = metadata.Creator;
                builder.DocumentInformation.Producer = metadata.Producer;
                builder.DocumentInformation.CreationDate = metadata.PdfDate;
                builder.DocumentInformation.ModifiedDate = metadata.PdfDate;
                builder.IncludeDocumentInformation = true;
                var helvetica = builder.AddStandard14Font(Standard14Font.Helvetica);
                var helveticaBold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
                finish.StampFontNames.Add("Helvetica");
                finish.StampFontNames.Add("Helvetica-Bold");
                var advances = new Dictionary<(PdfDocumentBuilder.AddedFont, char), double>();
                foreach (var ((bold, c), advance) in StampAdvances)
                {
                    advances[(bold ? helveticaBold : helvetica, c)] = advance;
                }

                // Only where the stamp names its fonts itself: PdfPig's AddText writes into its own stream, which must come first.
                var raw = PageFontName is null ? null : RawPageContent.For(builder);
                var drawnNext = 1;
                for (; drawnNext <= frontPages; drawnNext++)
                {
                    builder.AddPage(generated, drawnNext);
                }

                foreach (var plan in plans)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    report($"Merging exhibit {plan.Letter}");
                    if (plan.Typeset is { } typeset)
                    {
                        for (var k = 0; k < typeset.Count; k++)
                        {
                            builder.AddPage(generated, drawnNext++);
                        }
                    }
                    else if (plan.Disposition == ExhibitDisposition.Image)
                    {
                        builder.AddPage(generated, drawnNext++);
                    }
                    else if (plan.Disposition == ExhibitDisposition.Merged)
                    {
                        MergePdf(builder, raw, contents, plan, claimNumber, pageTotal, helvetica, helveticaBold, advances, cancellationToken);
                    }
                    outcomes.Add(new ExhibitOutcome(plan.Letter, plan.Exhibit.FileName, plan.Disposition, plan.FirstPage, plan.PageCount));
                    stepDone();
                }

                contents.Release(drawnDeferred);
                foreach (var ((addedFont, c), advance) in advances)
                {
                    StampAdvances.TryAdd((addedFont == helveticaBold, c), advance);
                }
                var bookmarks = new List<BookmarkNode>
                {
                    Bookmark("Cover", 1),
                    Bookmark("Grievance statement", coverCount + 1),
                    Bookmark("Evidence index", indexPage),
                };
                foreach (var plan in plans)
                {
                    // An exhibit without pages is found in the index, where its original file is named.
                    bookmarks.Add(Bookmark(Typesetter.Clean($"Exhibit {plan.Letter} — {plan.SafeCategory} — {plan.SafeFileName}", maxLength: 160), plan.PageCount > 0 ? plan.FirstPage : indexPage));
                }
                builder.Bookmarks = new Bookmarks(bookmarks);
                report("Writing packet");
                // Dispose completes the document in place; Build() would also read the whole packet back into a byte array.
                builder.Dispose();
            }

            if (spill is not null)
            {
                spill.Position = 0;
                spill.CopyTo(output);
            }
            output.Flush();
            return new PacketResult(pageTotal, outcomes);
        }
        finally
        {
            spill?.Dispose();
        }
    }

    private static DocumentBookmarkNode Bookmark(string title, int page) =>
        new(title, 0, new ExplicitDestination(page, ExplicitDestinationType.FitPage, ExplicitDestinationCoordinates.Empty), []);

    private static void MergePdf(
        PdfDocumentBuilder builder,
        RawPageContent? raw,
        CopiedContent contents,
        ExhibitPlan plan,
        string claimNumber,
        int pageTotal,
        PdfDocumentBuilder.AddedFont font,
        PdfDocumentBuilder.AddedFont bold,
        Dictionary<(PdfDocumentBuilder.AddedFont, char), double> advances,
        CancellationToken cancellationToken)
    {
        var copied = 0;
        List<long>? deferred = null;
        try
        {
            var prepared = plan.TakePrepared();
            // Declared first so it is disposed last: the document may be reading from its pooled bytes until then.
            using var owned = prepared;
            using var stream = prepared is null ? plan.Exhibit.Open() : null;
            using var document = prepared?.Document ?? PdfDocument.Open(stream!, ExhibitPlan.PdfOptions);
            if (prepared is null)
            {
                HostileContent.Disarm(document, plan.PageCount, cancellationToken);
            }
            deferred = prepared is null ? contents.Defer(document, plan.PageCount, cancellationToken) : prepared.Deferred;
            for (var p = 1; p <= plan.PageCount; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PdfPageBuilder page;
                try
                {
                    page = builder.AddPage(document, p);
                }
                catch (Exception) when (deferred is not null)
                {
                    // Placeholders are an optimisation: if PdfPig cannot copy the page with them, copy it the slow way.
                    contents.Restore(document, deferred);
                    contents.Release(deferred);
                    deferred = null;
                    page = builder.AddPage(document, p);
                }
                copied++;
                var stamp = new StampOperations();
                if (deferred is not null)
                {
                    // PdfPig saw empty content, so it could not undo a transform the exhibit leaves in force: fence it in.
                    if (raw is not null)
                    {
                        raw.Fence(page);
                        stamp.Pop();
                    }
                    else
                    {
                        page.NewContentStreamBefore();
                        page.CurrentStream.Operations.Add(Push.Value);
                        page.SelectContentStream(page.ContentStreams.Count - 1);
                        page.CurrentStream.Operations.Add(Pop.Value);
                    }
                }
                var (box, rotation) = plan.PdfPages[p - 1];
                Stamp(page, raw, stamp, box, rotation, claimNumber, plan.FirstPage + p - 1, pageTotal, Bates(claimNumber, plan.Letter, p), p == 1 ? Layout.Slip(plan) : null, font, bold, advances);
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            // It read at probe time but failed now (the source changed, or a page's objects are broken):
            // keep numbering and Bates labels truthful with placeholder pages that say what happened.
            for (var p = copied + 1; p <= plan.PageCount; p++)
            {
                var page = builder.AddPage(PageSize.Letter);
                page.AddText($"Exhibit {plan.Letter}, page {p}: this page could not be copied from the original.", 11, new PdfPoint(72, 700), font);
                Stamp(page, raw, new StampOperations(), new PdfRectangle(0, 0, PageFlow.PageWidth, PageFlow.PageHeight), 0, claimNumber, plan.FirstPage + p - 1, pageTotal, Bates(claimNumber, plan.Letter, p), p == 1 ? Layout.Slip(plan) : null, font, bold, advances);
            }
        }
        finally
        {
            contents.Release(deferred);
        }
    }

    internal static string Bates(string claimNumber, string letter, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{claimNumber}-{letter}-{page:0000}");

    /// <summary>
    /// Stamps a copied exhibit page with PdfPig's standard Helvetica (declared WinAnsi by <see cref="PdfFinish"/>): no font
    /// to embed per page, and PdfPig appends the stamp as its own content stream after the original, so the exhibit's
    /// content is untouched. The first page of an exhibit also gets its slip line in the top margin, on a white band, instead
    /// of a separator page of its own.
    /// </summary>
    private static void Stamp(PdfPageBuilder page, RawPageContent? raw, StampOperations stamp, PdfRectangle box, int rotation, string claimNumber, int pageNumber, int pageTotal, string bates, string? slip, PdfDocumentBuilder.AddedFont font, PdfDocumentBuilder.AddedFont bold, Dictionary<(PdfDocumentBuilder.AddedFont, char), double> advances)
    {
        Stamp(page, stamp, box, rotation, claimNumber, pageNumber, pageTotal, bates, slip, font, bold, advances);
        stamp.ResetColor();
        if (raw is not null)
        {
            raw.Append(page, stamp.ToArray());
        }
        else
        {
            stamp.AddTo(page);
        }
    }

    private static void Stamp(PdfPageBuilder page, StampOperations stamp, PdfRectangle box, int rotation, string claimNumber, int pageNumber, int pageTotal, string bates, string? slip, PdfDocumentBuilder.AddedFont font, PdfDocumentBuilder.AddedFont bold, Dictionary<(PdfDocumentBuilder.AddedFont, char), double> advances)
    {
        const double size = 8;
        var normalized = ((rotation % 360) + 360) % 360;
        if (normalized is 90 or 180 or 270)
        {
            // A /Rotate page is shown turned; draw the stamp in display coordinates so it lands on the edge the reader sees as the bottom.
            double[] matrix = normalized switch
            {
                90 => [0, 1, -1, 0, box.Left + box.Width, box.Bottom],
                180 => [-1, 0, 0, -1, box.Left + box.Width, box.Bottom + box.Height],
                _ => [0, -1, 1, 0, box.Left, box.Bottom + box.Height],
            };
            stamp.Push().Transform(matrix);
            var display = normalized == 180 ? new PdfRectangle(0, 0, box.Width, box.Height) : new PdfRectangle(0, 0, box.Height, box.Width);
            Stamp(page, stamp, display, 0, claimNumber, pageNumber, pageTotal, bates, slip, font, bold, advances);
            stamp.Pop();
            return;
        }
        var left = Ascii(claimNumber);
        var center = string.Create(CultureInfo.InvariantCulture, $"Page {pageNumber} of {pageTotal}");
        var right = Ascii(bates);
        // Same place as the footer Skia draws on our own pages, pulled in on pages narrower than Letter.
        var margin = Math.Min(PageFlow.Margin, box.Width * 0.08);
        var y = box.Bottom + Math.Min(28, box.Height * 0.03);
        StampText(page, stamp, left, box.Left + margin, y, size, font, advances);
        var centerWidth = Width(page, center, size, font, advances);
        StampText(page, stamp, center, box.Left + (box.Width - centerWidth) / 2, y, size, font, advances);
        var rightWidth = Width(page, right, size + 1, bold, advances);
        StampText(page, stamp, right, box.Right - margin - rightWidth, y, size + 1, bold, advances);
        if (slip is not null)
        {
            var slipSize = size + 1;
            var available = box.Width - 2 * margin;
            var text = Ascii(slip);
            while (text.Length > 4 && Width(page, text, slipSize, bold, advances) > available)
            {
                text = text[..^4].TrimEnd() + "...";
            }
            StampText(page, stamp, text, box.Left + margin, box.Top - Math.Min(30, box.Height * 0.035), slipSize, bold, advances);
        }
    }

    private static void StampText(PdfPageBuilder page, StampOperations stamp, string text, double x, double y, double size, PdfDocumentBuilder.AddedFont font, Dictionary<(PdfDocumentBuilder.AddedFont, char), double> advances)
    {
        var width = Width(page, text, size, font, advances);
        stamp.Band(x - 3, y - 3, width + 6, size + 5);
        if (PageFontName is null)
        {
            // What the page's name for the font is, only AddText knows: hand over what is written so far, then let it write.
            stamp.AddTo(page);
            page.AddText(text, size, new PdfPoint(x, y), font);
            return;
        }
        stamp.Text(PageFontName(page, font), size, x, y, text, StandardCode);
    }

    // PdfPig 0.1.16 names an added font on each page privately (a copied page may already use F1); AddText is the only public way in.
    private static readonly Func<PdfPageBuilder, PdfDocumentBuilder.AddedFont, UglyToad.PdfPig.Tokens.NameToken>? PageFontName =
        typeof(PdfPageBuilder).GetMethod("GetAddedFont", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, [typeof(PdfDocumentBuilder.AddedFont)]) is { } method
        && method.ReturnType == typeof(UglyToad.PdfPig.Tokens.NameToken)
            ? method.CreateDelegate<Func<PdfPageBuilder, PdfDocumentBuilder.AddedFont, UglyToad.PdfPig.Tokens.NameToken>>()
            : null;

    /// <summary>StandardEncoding code of a character <see cref="Ascii"/> produced: ASCII itself, but for the curly quotes at 0x27 and 0x60.</summary>
    private static byte StandardCode(char c) => c switch
    {
        '\u2019' => 0x27,
        '\u2018' => 0x60,
        _ => (byte)c,
    };

    // The standard fonts' advances never change: a process measures each character once (PdfPig builds letters to measure).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(bool Bold, char Character), double> StampAdvances = new();

    /// <summary>
    /// Standard-14 text has no kerning, so a string's width is the sum of its characters' advances; measuring each
    /// character once per build instead of every stamp string saves PdfPig building letters five times a page.
    /// </summary>
    private static double Width(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font, Dictionary<(PdfDocumentBuilder.AddedFont, char), double> advances)
    {
        var total = 0d;
        foreach (var c in text)
        {
            if (!advances.TryGetValue((font, c), out var advance))
            {
                var letters = page.MeasureText(c.ToString(), 1000, new PdfPoint(0, 0), font);
                advance = letters.Count == 0 ? 0 : (letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X) / 1000;
                advances[(font, c)] = advance;
            }
            total += advance;
        }
        return total * size;
    }

    /// <summary>
    /// What the stamp font can show: ASCII, accents dropped, dashes as hyphens, anything else '?'. Quotes are passed as the
    /// curly quotes PdfPig encodes at the codes WinAnsi shows as straight quotes.
    /// </summary>
    private static string Ascii(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            sb.Append(c switch
            {
                '\'' => '\u2019',
                '`' => '\u2018',
                '\u2013' or '\u2014' => '-',
                >= ' ' and <= '~' => c,
                _ => '?',
            });
        }
        return sb.ToString();
    }

    internal static string FormatDate(DateOnly date) => date.ToString("MMMM d, yyyy", English);

    internal static string FormatReceived(DateTimeOffset at, bool withTime)
    {
        var local = ToCalifornia(at);
        return withTime ? local.ToString("MMMM d, yyyy h:mm tt", English) + " Pacific" : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static readonly Lazy<TimeZoneInfo?> Pacific = new(() =>
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    });

    private static DateTimeOffset ToCalifornia(DateTimeOffset at) => Pacific.Value is { } zone ? TimeZoneInfo.ConvertTime(at, zone) : at;
}
