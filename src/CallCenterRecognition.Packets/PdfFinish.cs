using System.Globalization;
using System.Text;
using System.Xml.Linq;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Packets;

/// <summary>What the packet says about itself, in the info dictionary and the XMP stream alike.</summary>
internal sealed record PdfMetadata(string Title, string Author, string Subject, string Keywords, string Creator, string Producer, DateTimeOffset Date, string Language)
{
    /// <summary>The info dictionary's date form, in UTC so it reads the same wherever the packet is built.</summary>
    public string PdfDate => "D:" + Date.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    public string XmpDate => Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// The last token writer in the chain: gives the catalog <c>/Lang</c> and an XMP <c>/Metadata</c> stream matching the
/// info dictionary, declares the page stamps' standard font as WinAnsi rather than StandardEncoding, and writes the
/// cross-reference table itself so the file identifier is the <see cref="PacketIdentifier"/> instead of PdfPig's random
/// one: the same packet built twice is the same file.
/// </summary>
/// <remarks>
/// PdfPig writes the catalog after every page and only the info dictionary after it; this writer holds the catalog back and
/// writes it, completed, just before the cross-reference table, pointing the table at that copy.
/// </remarks>
internal sealed class PdfFinish(ITokenWriter inner, PdfMetadata metadata, string identifier) : ITokenWriter
{
    private static readonly NameToken Lang = NameToken.Create("Lang");
    private static readonly NameToken Metadata = NameToken.Create("Metadata");
    private static readonly NameToken Xml = NameToken.Create("XML");
    private static readonly NameToken WinAnsi = NameToken.Create("WinAnsiEncoding");

    private DictionaryToken? _catalog;

    private readonly HashSet<long> _stampFonts = [];

    /// <summary>
    /// Standard-14 font names the builder added for stamps, written with WinAnsiEncoding; only the first font object of
    /// each name is ours, since an exhibit's own fonts, with their own encodings, are copied after it.
    /// </summary>
    public HashSet<string> StampFontNames { get; } = new(StringComparer.Ordinal);

    public bool WritingPageContents
    {
        get => inner.WritingPageContents;
        set => inner.WritingPageContents = value;
    }

    public void WriteToken(IToken token, Stream outputStream)
    {
        if (token is ObjectToken { Data: DictionaryToken dictionary } obj)
        {
            if (dictionary.TryGet(NameToken.Type, out var type) && type is NameToken { Data: "Catalog" } && _catalog is null)
            {
                _catalog = dictionary;
                return;
            }
            if (IsStampFont(obj.Number.ObjectNumber, dictionary))
            {
                token = new ObjectToken(obj.Position, obj.Number, dictionary.With(NameToken.Encoding, WinAnsi));
            }
        }
        inner.WriteToken(token, outputStream);
    }

    private bool IsStampFont(long number, DictionaryToken dictionary)
    {
        if (_stampFonts.Contains(number))
        {
            return true;
        }
        if (dictionary.TryGet(NameToken.Type, out var type) && type is NameToken { Data: "Font" }
            && dictionary.TryGet(NameToken.Subtype, out var subtype) && subtype is NameToken { Data: "Type1" }
            && !dictionary.ContainsKey(NameToken.FontDescriptor)
            && dictionary.TryGet(NameToken.Encoding, out var encoding) && encoding is NameToken { Data: "StandardEncoding" }
            && dictionary.TryGet(NameToken.BaseFont, out var baseFont) && baseFont is NameToken name && StampFontNames.Remove(name.Data))
        {
            _stampFonts.Add(number);
            return true;
        }
        return false;
    }

    public void WriteObject(long objectNumber, int generation, byte[] data, Stream outputStream) =>
        inner.WriteObject(objectNumber, generation, data, outputStream);

    public void WriteCrossReferenceTable(IReadOnlyDictionary<IndirectReference, long> objectOffsets, IndirectReference catalogToken, Stream outputStream, IndirectReference? documentInformationReference, long? previousCrossReferenceTableOffset)
    {
        var catalog = _catalog ?? throw new InvalidOperationException("PdfPig wrote no catalog.");
        var offsets = objectOffsets.ToDictionary(p => p.Key, p => p.Value);
        var metadataReference = new IndirectReference(offsets.Keys.Max(k => k.ObjectNumber) + 1, 0);

        var xmp = Encoding.UTF8.GetBytes(Xmp());
        var stream = new StreamToken(new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = Metadata,
            [NameToken.Subtype] = Xml,
            [NameToken.Length] = new NumericToken(xmp.Length),
        }), xmp);
        offsets[metadataReference] = outputStream.Position;
        inner.WriteToken(new ObjectToken(XrefLocation.File(outputStream.Position), metadataReference, stream), outputStream);

        catalog = catalog
            .With(Lang, new StringToken(metadata.Language))
            .With(Metadata, new IndirectReferenceToken(metadataReference));
        offsets[catalogToken] = outputStream.Position;
        inner.WriteToken(new ObjectToken(XrefLocation.File(outputStream.Position), catalogToken, catalog), outputStream);

        WriteXref(offsets, catalogToken, documentInformationReference, outputStream);
    }

    private void WriteXref(Dictionary<IndirectReference, long> offsets, IndirectReference catalog, IndirectReference? information, Stream output)
    {
        var start = output.Position;
        var text = new StringBuilder();
        text.Append("xref\n");
        var ordered = offsets.OrderBy(p => p.Key.ObjectNumber).ToList();
        var lines = new List<(long Number, string Line)> { (0, "0000000000 65535 f \n") };
        lines.AddRange(ordered.Select(p => (p.Key.ObjectNumber, string.Create(CultureInfo.InvariantCulture, $"{p.Value:D10} {p.Key.Generation:D5} n \n"))));
        // One subsection per run of consecutive object numbers.
        var i = 0;
        while (i < lines.Count)
        {
            var j = i + 1;
            while (j < lines.Count && lines[j].Number == lines[j - 1].Number + 1)
            {
                j++;
            }
            text.Append(CultureInfo.InvariantCulture, $"{lines[i].Number} {j - i}\n");
            for (var k = i; k < j; k++)
            {
                text.Append(lines[k].Line);
            }
            i = j;
        }
        var size = ordered[^1].Key.ObjectNumber + 1;
        text.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} /Root {catalog.ObjectNumber} {catalog.Generation} R ");
        if (information is { } info)
        {
            text.Append(CultureInfo.InvariantCulture, $"/Info {info.ObjectNumber} {info.Generation} R ");
        }
        text.Append(CultureInfo.InvariantCulture, $"/ID [<{identifier}> <{identifier}>] >>\nstartxref\n{start}\n%%EOF\n");
        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        output.Write(bytes);
    }

    private string Xmp()
    {
        XNamespace x = "adobe:ns:meta/";
        XNamespace rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        XNamespace xmp = "http://ns.adobe.com/xap/1.0/";
        XNamespace pdf = "http://ns.adobe.com/pdf/1.3/";
        XNamespace xml = XNamespace.Xml;
        XElement Alt(XName name, string value) => new(name, new XElement(rdf + "Alt", new XElement(rdf + "li", new XAttribute(xml + "lang", "x-default"), value)));
        var description = new XElement(rdf + "Description",
            new XAttribute(rdf + "about", ""),
            new XAttribute(XNamespace.Xmlns + "dc", dc),
            new XAttribute(XNamespace.Xmlns + "xmp", xmp),
            new XAttribute(XNamespace.Xmlns + "pdf", pdf),
            new XElement(dc + "format", "application/pdf"),
            Alt(dc + "title", metadata.Title),
            new XElement(dc + "creator", new XElement(rdf + "Seq", new XElement(rdf + "li", metadata.Author))),
            Alt(dc + "description", metadata.Subject),
            new XElement(dc + "language", new XElement(rdf + "Bag", new XElement(rdf + "li", metadata.Language))),
            new XElement(pdf + "Producer", metadata.Producer),
            new XElement(pdf + "Keywords", metadata.Keywords),
            new XElement(xmp + "CreatorTool", metadata.Creator),
            new XElement(xmp + "CreateDate", metadata.XmpDate),
            new XElement(xmp + "ModifyDate", metadata.XmpDate),
            new XElement(xmp + "MetadataDate", metadata.XmpDate));
        var root = new XElement(x + "xmpmeta", new XAttribute(XNamespace.Xmlns + "x", x),
            new XElement(rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", rdf), description));
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            + root.ToString(SaveOptions.None)
            + "\n<?xpacket end=\"r\"?>";
    }
}
