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
            ("Member", claim.MemberName),
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
        var unit = string.IsNullOrWhiteSpace(claim.WorkUnit) ? "the grievant's work unit" : $"the work unit \"{claim.WorkUnit}\"";
        var department = string.IsNullOrWhiteSpace(claim.Department) ? "the department" : claim.Department;
        return $"1. Recognition of {unit}, {department}, as a call center under Article 21.4 (Call Centers).\n"
            + "2. Payment of the call center differential to the grievant and all similarly situated employees in the unit, retroactive to the date the unit began performing call center work or as far back as the contract and law allow, with interest.\n"
            + "3. Any other relief necessary to make the grievant and the affected employees whole.";
    }

    public static List<GeneratedPage> Statement(Typesetter type, PacketClaim claim)
    {
        var flow = new PageFlow(type);
        flow.NewPage();
        flow.Paragraph("STATE OF CALIFORNIA", type.Bold, Small, PageFlow.Muted, after: 0);
        flow.Paragraph("GRIEVANCE STATEMENT", type.Bold, 17f, PageFlow.Ink, after: 0);
        flow.Paragraph("Prepared in the form of Std. 630 (Grievance Form) — claim " + Typesetter.Clean(claim.ClaimNumber, maxLength: 60), type.Regular, 9.5f, PageFlow.Muted, after: 4);

        flow.Heading("1. Grievant information");
        flow.Fields(
        [
            ("Grievant", claim.MemberName),
            ("E-mail", claim.MemberEmail),
            ("Department", claim.Department),
            ("Work unit", claim.WorkUnit),
            ("Classification", claim.Classification),
            ("Bargaining unit", claim.BargainingUnit),
            ("Union", claim.Union),
            ("Union representative", claim.Representative),
        ], labelWidth: 145f);

        flow.Heading("2. Article and section violated");
        flow.Paragraph("Article and section violated: Article 21.4 (Call Centers)", type.Bold, Body, PageFlow.Ink, after: 2);
        flow.Paragraph(Typesetter.Clean($"Memorandum of Understanding between the State of California and {claim.Union}. The grievant's unit is the point of contact for its organization and is responsible for providing customer service in the forms of information, service requests and problem solving, but has not been recognized as a call center.", maxLength: 800), type.Regular, Body, PageFlow.Ink);

        flow.Heading("3. Specific facts");
        var facts = Typesetter.Clean(claim.Facts, multiline: true);
        flow.Paragraph(string.IsNullOrWhiteSpace(facts) ? "(No statement of facts was recorded at intake.)" : facts, type.Regular, Body, PageFlow.Ink);

        flow.Heading("4. Remedy sought");
        flow.Paragraph(Typesetter.Clean(Remedy(claim), multiline: true, maxLength: 2000), type.Regular, Body, PageFlow.Ink);

        // Keep the signature block with its heading: a lone heading at the foot of a page reads as an omission.
        flow.Ensure(190);
        flow.Heading("5. Signatures");
        flow.Y += 24;
        SignatureLine(flow, "Grievant signature");
        flow.Y += 30;
        SignatureLine(flow, "Union representative signature");
        flow.Y += 30;
        SignatureLine(flow, "Received by (department / CalHR)");
        return flow.Pages;
    }

    private static void SignatureLine(PageFlow flow, string label)
    {
        var type = flow.Type;
        var y = flow.Y + 14;
        const float signEnd = PageFlow.Margin + 300;
        const float dateStart = PageFlow.Margin + 330;
        flow.Draw(c =>
        {
            PageFlow.Line(c, PageFlow.Margin, y, signEnd, y, PageFlow.Ink, 0.6f);
            PageFlow.Line(c, dateStart, y, PageFlow.Margin + PageFlow.ContentWidth, y, PageFlow.Ink, 0.6f);
            type.Draw(c, label, PageFlow.Margin, y + 11, type.Regular, Small, PageFlow.Muted);
            type.Draw(c, "Date", dateStart, y + 11, type.Regular, Small, PageFlow.Muted);
        });
        flow.Y = y + 14;
    }

    private static readonly float[] Columns = [36f, 86f, 148f, 72f, 60f, 66f];
    private static readonly string[] Headers = ["Exhibit", "Category", "File name", "Pages", "Received", "Status"];

    public static List<GeneratedPage> Index(Typesetter type, string claimNumber, List<ExhibitPlan> plans, IReadOnlyList<string> missing)
    {
        var flow = new PageFlow(type);
        flow.NewPage();
        flow.Paragraph("EVIDENCE INDEX", type.Bold, 17f, PageFlow.Ink, after: 0);
        var intro = plans.Count == 0
            ? "No documents are attached to this packet."
            : $"{plans.Count} exhibit{(plans.Count == 1 ? "" : "s")}. \"Pages\" gives the packet pages each exhibit occupies, separator included; evidence pages carry Bates labels {claimNumber}-<exhibit>-<page>.";
        flow.Paragraph(intro, type.Regular, 9.5f, PageFlow.Muted, after: 10);

        if (plans.Count > 0)
        {
            void HeaderRow()
            {
                var top = flow.Y;
                var h = PageFlow.LineHeight(TableSize) + 6;
                flow.Draw(c => PageFlow.Fill(c, new SKRect(PageFlow.Margin, top, PageFlow.Margin + PageFlow.ContentWidth, top + h), PageFlow.Accent));
                var x = PageFlow.Margin;
                for (var i = 0; i < Headers.Length; i++)
                {
                    var text = Headers[i];
                    var cx = x + 4;
                    flow.Draw(c => type.Draw(c, text, cx, top + 3 + TableSize, type.Bold, TableSize, SKColors.White));
                    x += Columns[i];
                }
                flow.Y += h;
            }

            HeaderRow();
            flow.OnNewPage = () =>
            {
                flow.Paragraph("EVIDENCE INDEX (continued)", type.Bold, 11f, PageFlow.Muted, after: 6);
                HeaderRow();
            };
            var shade = false;
            foreach (var plan in plans)
            {
                Row(flow, plan, shade);
                shade = !shade;
            }
            flow.OnNewPage = null;
        }

        flow.Heading("Checklist categories not provided", before: 18);
        if (missing.Count == 0)
        {
            flow.Paragraph("None: every checklist category is covered by at least one exhibit.", type.Regular, Body, PageFlow.Ink);
        }
        else
        {
            flow.Paragraph("The checklist is a guide, not a prerequisite. No document was provided for:", type.Regular, Body, PageFlow.Muted, after: 4);
            foreach (var category in missing)
            {
                flow.Paragraph("•  " + Typesetter.Clean(category, maxLength: 200), type.Regular, Body, PageFlow.Ink, indent: 10, after: 1);
            }
        }
        return flow.Pages;
    }

    private static void Row(PageFlow flow, ExhibitPlan plan, bool shade)
    {
        var type = flow.Type;
        var status = plan.Disposition switch
        {
            ExhibitDisposition.Merged => "Merged",
            ExhibitDisposition.Image => "Image",
            ExhibitDisposition.ListedOnly => "Listed only",
            ExhibitDisposition.Encrypted => "Encrypted — not merged",
            ExhibitDisposition.Corrupt => "Corrupt — not merged",
            _ => plan.Disposition.ToString(),
        };
        var lastPage = plan.FirstPage + plan.PageCount;
        var pages = plan.PageCount == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{plan.FirstPage} (0 pp.)")
            : string.Create(CultureInfo.InvariantCulture, $"{plan.FirstPage}–{lastPage} ({plan.PageCount} pp.)");
        var fileCell = plan.SafeFileName;
        if (plan.Disposition is not (ExhibitDisposition.Merged or ExhibitDisposition.Image))
        {
            fileCell += "\nSHA-256: " + Typesetter.Clean(plan.Exhibit.Sha256, maxLength: 128);
        }
        var cells = new[]
        {
            (plan.Letter, type.Bold),
            (plan.SafeCategory, type.Regular),
            (fileCell, type.Regular),
            (pages, type.Regular),
            (PacketBuilder.FormatReceived(plan.Exhibit.ReceivedAt, false), type.Regular),
            (status, plan.Disposition is ExhibitDisposition.Merged or ExhibitDisposition.Image ? type.Regular : type.Bold),
        };
        var wrapped = new List<string>[cells.Length];
        var lh = PageFlow.LineHeight(TableSize);
        var lines = 1;
        for (var i = 0; i < cells.Length; i++)
        {
            wrapped[i] = type.Wrap(cells[i].Item1, cells[i].Item2, TableSize, Columns[i] - 8);
            lines = Math.Max(lines, wrapped[i].Count);
        }
        var height = lines * lh + 6;
        flow.Ensure(height);
        var top = flow.Y;
        if (shade)
        {
            flow.Draw(c => PageFlow.Fill(c, new SKRect(PageFlow.Margin, top, PageFlow.Margin + PageFlow.ContentWidth, top + height), PageFlow.Shade));
        }
        var x = PageFlow.Margin;
        for (var i = 0; i < cells.Length; i++)
        {
            var face = cells[i].Item2;
            var color = i == 5 && face == type.Bold ? new SKColor(0x9B, 0x1C, 0x1C) : PageFlow.Ink;
            for (var l = 0; l < wrapped[i].Count; l++)
            {
                var line = wrapped[i][l];
                var cx = x + 4;
                var y = top + 3 + TableSize + l * lh;
                flow.Draw(c => type.Draw(c, line, cx, y, face, TableSize, color));
            }
            x += Columns[i];
        }
        var bottom = top + height;
        flow.Draw(c => PageFlow.Line(c, PageFlow.Margin, bottom, PageFlow.Margin + PageFlow.ContentWidth, bottom, PageFlow.RuleColor, 0.5f));
        flow.Y += height;
    }

    public static GeneratedPage Separator(Typesetter type, string claimNumber, ExhibitPlan plan)
    {
        var flow = new PageFlow(type);
        flow.NewPage();
        flow.Y = 200;
        var title = $"EXHIBIT {plan.Letter}";
        var titleSize = 40f;
        var titleWidth = type.Measure(title, type.Bold, titleSize);
        var titleY = flow.Y + titleSize;
        flow.Draw(c => type.Draw(c, title, (PageFlow.PageWidth - titleWidth) / 2, titleY, type.Bold, titleSize, PageFlow.Accent));
        flow.Y += titleSize * 1.5f;
        var ruleY = flow.Y;
        flow.Draw(c => PageFlow.Line(c, PageFlow.Margin + 120, ruleY, PageFlow.Margin + PageFlow.ContentWidth - 120, ruleY, PageFlow.Accent, 1.2f));
        flow.Y += 30;
        var pages = plan.PageCount switch
        {
            0 => "None in this packet",
            1 => $"1 page — {PacketBuilder.Bates(claimNumber, plan.Letter, 1)}",
            _ => $"{plan.PageCount} pages — {PacketBuilder.Bates(claimNumber, plan.Letter, 1)} to {PacketBuilder.Bates(claimNumber, plan.Letter, plan.PageCount)}",
        };
        flow.Fields(
        [
            ("Category", plan.Exhibit.CategoryTitle),
            ("File name", plan.Exhibit.FileName),
            ("Received", PacketBuilder.FormatReceived(plan.Exhibit.ReceivedAt, true)),
            ("SHA-256", plan.Exhibit.Sha256),
            ("Pages", pages),
        ], labelWidth: 80, size: 9f);
        if (plan.Problem is { } problem && plan.Disposition != ExhibitDisposition.Merged && plan.Disposition != ExhibitDisposition.Image)
        {
            flow.Y += 16;
            var top = flow.Y;
            var lines = type.Wrap(problem, type.Bold, Body, PageFlow.ContentWidth - 24);
            var height = lines.Count * PageFlow.LineHeight(Body) + 16;
            flow.Draw(c => PageFlow.Fill(c, new SKRect(PageFlow.Margin, top, PageFlow.Margin + PageFlow.ContentWidth, top + height), new SKColor(0xFB, 0xEC, 0xEC)));
            flow.Y += 8;
            flow.Paragraph(problem, type.Bold, Body, new SKColor(0x9B, 0x1C, 0x1C), indent: 12, width: PageFlow.ContentWidth - 24);
        }
        // A separator is one page by construction: values are capped in length, so nothing can spill over.
        var page = flow.Pages[0];
        for (var i = 1; i < flow.Pages.Count; i++)
        {
            page.Ops.AddRange(flow.Pages[i].Ops);
        }
        return page;
    }

    public static GeneratedPage ImagePage(Typesetter type, string claimNumber, ExhibitPlan plan)
    {
        var page = new GeneratedPage { Bates = PacketBuilder.Bates(claimNumber, plan.Letter, 1) };
        var caption = Typesetter.Clean($"Exhibit {plan.Letter} — {plan.Exhibit.FileName}", maxLength: 140);
        page.Ops.Add(c => type.Draw(c, caption, 54, 44, type.Regular, Small, PageFlow.Muted));
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
            using var stream = plan.Exhibit.Open();
            using var data = SKData.Create(stream);
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
}
