using System.Globalization;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>The pages the packet writes itself. Every user string goes through <see cref="Typesetter.Clean"/>.</summary>
internal static class Layout
{
    private const float Body = 10.5f;
    private const float Small = 8.5f;
    private const float TableSize = 8f;

    public static List<GeneratedPage> Cover(Typesetter type, PacketClaim claim, List<ExhibitPlan> plans)
    {
        var flow = new PageFlow(type);
        flow.NewPage();
        var union = Typesetter.Clean(claim.Union, maxLength: 200);
        flow.Paragraph(union, type.Bold, 13f, PageFlow.Accent, after: 2);
        var ruleY = flow.Y + 2;
        flow.Draw(c => PageFlow.Line(c, PageFlow.Margin, ruleY, PageFlow.Margin + PageFlow.ContentWidth, ruleY, PageFlow.Accent, 1.5f));
        flow.Y = 190;
        flow.Paragraph("Grievance Packet", type.Bold, 28f, PageFlow.Ink, after: 4);
        flow.Paragraph("Article 21.4 — Call Center Recognition", type.Regular, 15f, PageFlow.Muted, after: 18);
        flow.Paragraph(Typesetter.Clean(claim.ClaimNumber, maxLength: 60), type.Bold, 16f, PageFlow.Accent, after: 22);
        flow.Fields(
        [
            (claim.AllGrievants.Count == 1 ? "Member" : "Grievants", CoverNames(claim.AllGrievants)),
            ("Department", claim.Department),
            ("Work unit", claim.WorkUnit),
            ("Bargaining unit", claim.BargainingUnit),
            ("Classification", claim.Classification),
            ("Representative", claim.Representative),
            ("Date prepared", PacketBuilder.FormatDate(claim.PreparedOn)),
        ]);
        flow.Y = Math.Max(flow.Y + 24, 560);
        if (flow.Pages.Count == 1)
        {
            var boxTop = flow.Y;
            var contents = plans.Count == 0
                ? "Contents: grievance statement; evidence index (no exhibits attached)."
                : $"Contents: grievance statement; evidence index; Exhibits {plans[0].Letter}–{plans[^1].Letter} ({plans.Count} document{(plans.Count == 1 ? "" : "s")}).";
            flow.Draw(c => PageFlow.Fill(c, new SKRect(PageFlow.Margin, boxTop, PageFlow.Margin + PageFlow.ContentWidth, boxTop + 62), PageFlow.Shade));
            flow.Y += 10;
            flow.Paragraph("Submitted to the California Department of Human Resources (CalHR) in support of the grievance that the work unit named above is a call center within the meaning of Article 21.4.", type.Regular, 9.5f, PageFlow.Ink, indent: 10, width: PageFlow.ContentWidth - 20, after: 2);
            flow.Paragraph(contents, type.Regular, 9.5f, PageFlow.Muted, indent: 10, width: PageFlow.ContentWidth - 20);
        }
        return flow.Pages;
    }

    public static string Remedy(PacketClaim claim)
    {
        var contract = claim.ContractOrDefault;
        var unit = string.IsNullOrWhiteSpace(claim.WorkUnit) ? "the grievant's work unit" : $"the work unit \"{claim.WorkUnit}\"";
        var department = string.IsNullOrWhiteSpace(claim.Department) ? "the department" : claim.Department;
        var from = claim.DifferentialFrom is { } date
            ? $"retroactive to {PacketBuilder.FormatDate(date)}"
            : "retroactive to the date the unit began performing call center work";
        return $"1. Recognition of {unit}, {department}, as a call center under Article {contract.Section} ({contract.Title}).\n"
            + $"2. Payment of the call center pay differential to the grievant(s) and every employee of the unit, {from}.\n"
            + "3. That the grievant(s) and every affected employee be made whole.";
    }

    /// <summary>
    /// The Std. 630 content on one page where it fits: grievants, dates, step, provision, facts, exhibits, remedy, the
    /// representative and both signatures with printed names. Nothing here may help the employer: no gaps, no checklist.
    /// </summary>
    public static List<GeneratedPage> Statement(Typesetter type, PacketClaim claim, string claimNumber, List<ExhibitPlan> plans)
    {
        const float size = 9.5f;
        var flow = new PageFlow(type);
        flow.NewPage();
        flow.Y = 56;
        flow.Paragraph("STATE OF CALIFORNIA — EMPLOYEE CONTRACT GRIEVANCE (content of form Std. 630)", type.Bold, Small, PageFlow.Muted, after: 0);
        flow.Paragraph("GRIEVANCE STATEMENT", type.Bold, 15f, PageFlow.Ink, after: 0);
        flow.Paragraph(Typesetter.Clean($"{claim.Union} — claim {claimNumber}", maxLength: 300), type.Regular, Small, PageFlow.Muted, after: 2);

        flow.Heading(claim.AllGrievants.Count == 1 ? "Grievant" : "Grievants", size: 10.5f, before: 2);
        Table(flow, [150f, 118f, 116f, 84f], ["Name", "Classification", "Department", "Work unit"],
            claim.AllGrievants.Select(g => new[]
            {
                Typesetter.Clean(g.Name, maxLength: 200),
                Typesetter.Clean(g.Classification, maxLength: 200),
                Typesetter.Clean(g.Department, maxLength: 200),
                Typesetter.Clean(g.WorkUnit, maxLength: 200),
            }).ToList(), boldFirst: true);
        var units = claim.AllGrievants.Select(g => Typesetter.Clean(g.BargainingUnit, maxLength: 40)).Where(u => u.Length > 0).Distinct().ToList();

        var contract = claim.ContractOrDefault;
        flow.Heading("Grievance", size: 10.5f, before: 3);
        flow.FieldPairs(
        [
            (("Bargaining unit", units.Count == 0 ? null : string.Join(", ", units)), ("Step", claim.Step ?? "________________")),
            (("Date of occurrence", claim.OccurredOn is { } occurred ? PacketBuilder.FormatDate(occurred) : "Continuing violation"),
                ("Date filed", claim.FiledOn is { } filed ? PacketBuilder.FormatDate(filed) : "Not yet filed")),
        ], labelWidth: 114f, size: size);
        flow.Fields(
        [
            ("Article and section violated", $"Article {contract.Article}, Section {contract.Section} ({contract.Title}) of the contract between the State of California and {claim.Union}"),
        ], labelWidth: 160f, size: size);

        flow.Heading("Statement of facts", size: 10.5f, before: 3);
        var facts = Typesetter.Clean(claim.Facts, multiline: true);
        flow.Paragraph(facts, type.Regular, size, PageFlow.Ink, after: 2);
        flow.Heading("Specific remedy sought", size: 10.5f, before: 3);
        flow.Paragraph(Typesetter.Clean(Remedy(claim), multiline: true, maxLength: 2000), type.Regular, size, PageFlow.Ink, after: 2);

        // Keep the representative and both signatures together: a signature block split from its names reads as an omission.
        flow.Ensure(125);
        flow.Heading("Union representative", size: 10.5f, before: 3);
        flow.FieldPairs(
        [
            (("Name", claim.Representative), ("Phone", claim.RepresentativePhone)),
            (("E-mail", claim.RepresentativeEmail), ("Union", claim.Union)),
        ], labelWidth: 50f, size: size);
        flow.Y += 8;
        SignatureLine(flow, "Grievant signature", Typesetter.Clean(claim.AllGrievants[0].Name, maxLength: 120));
        flow.Y += 6;
        SignatureLine(flow, "Union representative signature", Typesetter.Clean(claim.Representative, maxLength: 120));
        // The exhibit list comes last: a long one continues on the next page without leaving the signatures alone there.
        if (plans.Count > 0)
        {
            flow.Y += 4;
            flow.Paragraph("Exhibits supporting these facts:", type.Bold, size, PageFlow.Ink, after: 2);
            Table(flow, [34f, 262f, 172f], ["Exhibit", "Document", "Bates"],
                plans.Select(p => new[]
                {
                    p.Letter,
                    p.SafeDescription.Length > 0 ? $"{p.SafeCategory}: {p.SafeDescription}" : $"{p.SafeCategory}: {p.SafeFileName}",
                    p.BatesRange(claimNumber) ?? "Original file provided with the packet",
                }).ToList(), boldFirst: true);
        }

        return flow.Pages;
    }

    private static void SignatureLine(PageFlow flow, string label, string printedName)
    {
        var type = flow.Type;
        var y = flow.Y + 10;
        const float signEnd = PageFlow.Margin + 300;
        const float dateStart = PageFlow.Margin + 330;
        flow.Draw(c =>
        {
            PageFlow.Line(c, PageFlow.Margin, y, signEnd, y, PageFlow.Ink, 0.6f);
            PageFlow.Line(c, dateStart, y, PageFlow.Margin + PageFlow.ContentWidth, y, PageFlow.Ink, 0.6f);
            type.Draw(c, label, PageFlow.Margin, y + 10, type.Regular, Small, PageFlow.Muted);
            type.Draw(c, "Date", dateStart, y + 10, type.Regular, Small, PageFlow.Muted);
            if (printedName.Length > 0)
            {
                type.Draw(c, printedName, PageFlow.Margin, y + 21, type.Bold, 9f, PageFlow.Ink);
            }
        });
        flow.Y = y + 24;
    }

    /// <summary>A ruled table whose rows never split across pages; the header repeats on a new page.</summary>
    private static void Table(PageFlow flow, float[] columns, string[] headers, List<string[]> rows, bool boldFirst, float size = TableSize)
    {
        var type = flow.Type;
        void HeaderRow()
        {
            var top = flow.Y;
            var h = PageFlow.LineHeight(size) + 5;
            flow.Draw(c => PageFlow.Fill(c, new SKRect(PageFlow.Margin, top, PageFlow.Margin + columns.Sum(), top + h), PageFlow.Accent));
            var x = PageFlow.Margin;
            for (var i = 0; i < headers.Length; i++)
            {
                var text = headers[i];
                var cx = x + 4;
                flow.Draw(c => type.Draw(c, text, cx, top + 2.5f + size, type.Bold, size, SKColors.White));
                x += columns[i];
            }
            flow.Y += h;
        }

        flow.Ensure(PageFlow.LineHeight(size) * 3 + 10);
        HeaderRow();
        var previous = flow.OnNewPage;
        flow.OnNewPage = () =>
        {
            previous?.Invoke();
            HeaderRow();
        };
        var shade = false;
        foreach (var cells in rows)
        {
            var wrapped = new List<string>[cells.Length];
            var lh = PageFlow.LineHeight(size);
            var lines = 1;
            for (var i = 0; i < cells.Length; i++)
            {
                var face = i == 0 && boldFirst ? type.Bold : type.Regular;
                wrapped[i] = type.Wrap(cells[i].Length == 0 ? "—" : cells[i], face, size, columns[i] - 8);
                lines = Math.Max(lines, wrapped[i].Count);
            }
            var height = lines * lh + 5;
            flow.Ensure(height);
            var top = flow.Y;
            if (shade)
            {
                flow.Draw(c => PageFlow.Fill(c, new SKRect(PageFlow.Margin, top, PageFlow.Margin + columns.Sum(), top + height), PageFlow.Shade));
            }
            var x = PageFlow.Margin;
            for (var i = 0; i < cells.Length; i++)
            {
                var face = i == 0 && boldFirst ? type.Bold : type.Regular;
                for (var l = 0; l < wrapped[i].Count; l++)
                {
                    var line = wrapped[i][l];
                    var cx = x + 4;
                    var y = top + 2.5f + size + l * lh;
                    flow.Draw(c => type.Draw(c, line, cx, y, face, size, PageFlow.Ink));
                }
                x += columns[i];
            }
            var bottom = top + height;
            flow.Draw(c => PageFlow.Line(c, PageFlow.Margin, bottom, PageFlow.Margin + columns.Sum(), bottom, PageFlow.RuleColor, 0.5f));
            flow.Y += height;
            shade = !shade;
        }
        flow.OnNewPage = previous;
        flow.Y += 4;
    }

    public static List<GeneratedPage> Index(Typesetter type, string claimNumber, List<ExhibitPlan> plans)
    {
        var flow = new PageFlow(type);
        flow.NewPage();
        flow.Paragraph("EVIDENCE INDEX", type.Bold, 17f, PageFlow.Ink, after: 0);
        var intro = plans.Count == 0
            ? "No documents are attached to this packet."
            : $"{plans.Count} exhibit{(plans.Count == 1 ? "" : "s")}. Each exhibit begins with a slip line at the top of its first page; every evidence page carries a Bates label {claimNumber}-<exhibit>-<page>. The SHA-256 of each original file identifies it exactly.";
        flow.Paragraph(intro, type.Regular, 9f, PageFlow.Muted, after: 8);
        if (plans.Count == 0)
        {
            return flow.Pages;
        }
        flow.OnNewPage = () => flow.Paragraph("EVIDENCE INDEX (continued)", type.Bold, 11f, PageFlow.Muted, after: 6);
        Table(flow, [34f, 104f, 84f, 100f, 56f, 90f], ["Exhibit", "Document", "File name", "Pages", "Received", "SHA-256 of original"],
            plans.Select(p => new[]
            {
                p.Letter,
                p.SafeDescription.Length > 0 ? $"{p.SafeCategory}\n{p.SafeDescription}" : p.SafeCategory,
                p.SafeFileName,
                PagesCell(p, claimNumber),
                PacketBuilder.FormatReceived(p.Exhibit.ReceivedAt, false),
                Typesetter.Clean(p.Exhibit.Sha256, maxLength: 128),
            }).ToList(), boldFirst: true, size: 7.5f);
        flow.OnNewPage = null;
        return flow.Pages;
    }

    private static string PagesCell(ExhibitPlan plan, string claimNumber)
    {
        if (plan.PageCount == 0)
        {
            return plan.Problem ?? "Original file provided with the packet";
        }
        var last = plan.FirstPage + plan.PageCount - 1;
        var pages = plan.PageCount == 1
            ? string.Create(CultureInfo.InvariantCulture, $"p. {plan.FirstPage}")
            : string.Create(CultureInfo.InvariantCulture, $"pp. {plan.FirstPage}–{last}");
        return pages + "\n" + plan.BatesRange(claimNumber);
    }

    /// <summary>The exhibit's slip line: label, category and description, in the top margin of its first page.</summary>
    public static string Slip(ExhibitPlan plan)
    {
        var text = $"Exhibit {plan.Letter} — {plan.SafeCategory}";
        return plan.SafeDescription.Length > 0 ? $"{text} — {plan.SafeDescription}" : text;
    }

    public static GeneratedPage ImagePage(Typesetter type, string claimNumber, ExhibitPlan plan)
    {
        var page = new GeneratedPage { Bates = PacketBuilder.Bates(claimNumber, plan.Letter, 1) };
        var caption = type.Wrap(Slip(plan), type.Bold, Small, PageFlow.PageWidth - 108)[0];
        page.Ops.Add(c => type.Draw(c, caption, 54, 40, type.Bold, Small, PageFlow.Ink));
        page.Ops.Add(c => DrawImage(c, type, plan, new SKRect(54, 54, PageFlow.PageWidth - 54, PageFlow.ContentBottom - 6)));
        return page;
    }

    private static void DrawImage(SKCanvas canvas, Typesetter type, ExhibitPlan plan, SKRect box)
    {
        if (type.Collecting)
        {
            type.Draw(canvas, "This image could not be drawn; the original accompanies the packet.", box.Left, box.Top + 20, type.Bold, Body, PageFlow.Ink);
            return;
        }
        SKImage? image = null;
        try
        {
            using var stream = plan.StandIn is null ? plan.Exhibit.Open() : null;
            using var data = plan.StandIn is { } standIn ? SKData.CreateCopy(standIn.Bytes) : EncodedData.Read(stream!);
            var pixels = (long)plan.ImageWidth * plan.ImageHeight;
            var orientation = SKEncodedOrigin.TopLeft;
            if (plan.IsJpeg || pixels <= ExhibitPlan.MaxDirectPixels)
            {
                // Encoded data kept as is: Skia's PDF backend embeds JPEG bytes directly (DCTDecode) instead of pixels.
                // Skia's lazy image already turns it upright by the EXIF orientation.
                image = SKImage.FromEncodedData(data);
            }
            else
            {
                using var codec = SKCodec.Create(data);
                using var full = SKBitmap.Decode(codec);
                var targetWidth = box.Width / 72f * 300f;
                var targetHeight = box.Height / 72f * 300f;
                var reduce = Math.Min(1f, Math.Max(
                    Math.Min(targetWidth / full.Width, targetHeight / full.Height),
                    Math.Min(targetWidth / full.Height, targetHeight / full.Width)));
                using var small = full.Resize(new SKImageInfo(Math.Max(1, (int)(full.Width * reduce)), Math.Max(1, (int)(full.Height * reduce))), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
                image = small is null ? null : SKImage.FromBitmap(small);
                orientation = plan.Origin;
            }
            if (image is null)
            {
                throw new InvalidDataException("Image could not be decoded.");
            }
            var (matrix, width, height) = Orientation(orientation, image.Width, image.Height);
            var scale = Math.Min(Math.Min(box.Width / width, box.Height / height), 3f);
            var drawWidth = width * scale;
            var drawHeight = height * scale;
            var left = box.Left + (box.Width - drawWidth) / 2;
            var top = box.Top;
            canvas.Save();
            canvas.Translate(left, top);
            canvas.Scale(scale);
            canvas.Concat(in matrix);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
            canvas.Restore();
            using var border = new SKPaint { Color = PageFlow.RuleColor, IsStroke = true, StrokeWidth = 0.5f };
            canvas.DrawRect(new SKRect(left, top, left + drawWidth, top + drawHeight), border);
        }
        catch (Exception)
        {
            // Decoded at probe time but not now: say so on the page rather than losing the whole packet.
            type.Draw(canvas, "This image could not be drawn; the original accompanies the packet.", box.Left, box.Top + 20, type.Bold, Body, PageFlow.Ink);
        }
        finally
        {
            image?.Dispose();
        }
    }

    /// <summary>Maps stored pixels to upright display for the EXIF orientation phones write instead of rotating pixels.</summary>
    private static (SKMatrix Matrix, float Width, float Height) Orientation(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => (new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1), w, h),
        SKEncodedOrigin.BottomRight => (new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1), w, h),
        SKEncodedOrigin.BottomLeft => (new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1), w, h),
        SKEncodedOrigin.LeftTop => (new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1), h, w),
        SKEncodedOrigin.RightTop => (new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1), h, w),
        SKEncodedOrigin.RightBottom => (new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1), h, w),
        SKEncodedOrigin.LeftBottom => (new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), h, w),
        _ => (SKMatrix.Identity, w, h),
    };

    public static void Footer(Typesetter type, SKCanvas canvas, string claimNumber, int pageNumber, int pageTotal, string? bates)
    {
        const float y = PageFlow.PageHeight - 32;
        PageFlow.Line(canvas, PageFlow.Margin, y - 14, PageFlow.PageWidth - PageFlow.Margin, y - 14, PageFlow.RuleColor, 0.5f);
        type.Draw(canvas, claimNumber, PageFlow.Margin, y, type.Regular, Small, PageFlow.Muted);
        var center = string.Create(CultureInfo.InvariantCulture, $"Page {pageNumber} of {pageTotal}");
        var centerWidth = type.Measure(center, type.Regular, Small);
        type.Draw(canvas, center, (PageFlow.PageWidth - centerWidth) / 2, y, type.Regular, Small, PageFlow.Muted);
        if (bates is not null)
        {
            var width = type.Measure(bates, type.Bold, Small + 1);
            type.Draw(canvas, bates, PageFlow.PageWidth - PageFlow.Margin - width, y, type.Bold, Small + 1, PageFlow.Ink);
        }
    }

    // The cover names every grievant of a group claim; past six it names the first and points to the statement's table.
    private static string CoverNames(IReadOnlyList<PacketGrievant> grievants)
    {
        const int shown = 6;
        var names = grievants.Take(shown).Select(g => g.Name).ToList();
        return grievants.Count <= shown
            ? string.Join("; ", names)
            : $"{string.Join("; ", names)}; and {grievants.Count - shown} more (listed in the statement)";
    }
}
