using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Lets PdfPig copy exhibit pages without reading their content. PdfPig 0.1.16's
/// <c>PdfDocumentBuilder.AddPage(document, n)</c> parses every copied page twice (<c>GetPage</c> builds all its letters,
/// then the content is parsed again for a global transform) only to write the content stream's bytes unchanged:
/// ~20–40 ms a text page, nearly all of a packet's build time, plus a full parse of every embedded font. Before copying,
/// each page's content streams and font programs are swapped for empty placeholders that name the originals; the token
/// writer writes the original bytes where PdfPig writes a placeholder, so the packet gets them byte for byte.
/// </summary>
internal sealed class CopiedContent : ITokenWriter
{
    private static readonly NameToken Marker = NameToken.Create("CallCenterRecognitionContent");

    private readonly TokenWriter _inner = new();
    private readonly Dictionary<long, (DictionaryToken Dictionary, ReadOnlyMemory<byte> Data)> _originals = [];
    private readonly Dictionary<long, (IndirectReference Reference, StreamToken AsRead)> _sources = [];
    private readonly Dictionary<long, JpegStandIn> _standIns = [];
    private readonly Dictionary<long, (DictionaryToken Dictionary, JpegStandIn StandIn)> _jpegs = [];
    private readonly HashSet<long> _swapped = [];
    private long _next;

    public bool WritingPageContents
    {
        get => _inner.WritingPageContents;
        set => _inner.WritingPageContents = value;
    }

    /// <summary>Swaps the content streams and font programs of <paramref name="document"/>'s pages for placeholders; null (nothing swapped) when the page tree does not read cleanly.</summary>
    /// <param name="document">The document whose pages are about to be copied.</param>
    /// <param name="pageCount">Its page count.</param>
    /// <param name="images">
    /// Also the pages' image XObjects, which PdfPig would otherwise hash and copy whole (a photo is a megabyte). Only for
    /// the packet's own drawn pages: the token writers would not see an exhibit's image dictionary to clean it.
    /// </param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>What to pass to <see cref="Release"/> once the document's pages are copied.</returns>
    public List<long>? Defer(PdfDocument document, int pageCount, CancellationToken cancellationToken, bool images = false)
    {
        var references = new List<IndirectReference>();
        var imageReferences = new HashSet<IndirectReference>();
        var complete = PageBoxes.TryWalk(document, pageCount, (page, _, _) =>
        {
            if (!page.TryGet(NameToken.Contents, out var contents))
            {
                return;
            }
            if (contents is IndirectReferenceToken indirect && PageBoxes.Resolve(document, indirect) is ArrayToken array)
            {
                contents = array;
            }
            foreach (var item in contents is ArrayToken list ? list.Data : [contents])
            {
                if (item is IndirectReferenceToken reference)
                {
                    references.Add(reference.Data);
                }
            }
            FontPrograms(document, page, references);
            if (images)
            {
                Images(document, page, imageReferences);
            }
        }, cancellationToken);
        if (!complete)
        {
            return null;
        }
        references.AddRange(imageReferences.Where(r => !references.Contains(r)));
        var streams = new List<(IndirectReference Reference, StreamToken Stream)>();
        foreach (var reference in references.Distinct())
        {
            if (document.Structure.GetObject(reference)?.Data is not StreamToken stream)
            {
                return null;
            }
            if (imageReferences.Contains(reference) && !IsImage(stream))
            {
                continue;
            }
            // The original is written verbatim into the packet, so it may not point at objects of the source file;
            // an indirect /Length is replaced by the length itself, anything else indirect is left to PdfPig's copy.
            var entries = new Dictionary<NameToken, IToken>();
            var selfContained = true;
            foreach (var (key, value) in stream.StreamDictionary.Data)
            {
                selfContained &= key == NameToken.Length.Data || !Indirect(value);
                entries[NameToken.Create(key)] = value;
            }
            if (!selfContained)
            {
                continue;
            }
            streams.Add((reference, stream));
        }
        var ids = new List<long>(streams.Count);
        foreach (var (reference, stream) in streams)
        {
            var id = Interlocked.Increment(ref _next);
            ids.Add(id);
            var entries = stream.StreamDictionary.Data.ToDictionary(e => NameToken.Create(e.Key), e => e.Value);
            entries[NameToken.Length] = new NumericToken(stream.Data.Length);
            lock (_originals)
            {
                if (images && StandInOf(stream) is { } standIn)
                {
                    entries[NameToken.Length] = new NumericToken(standIn.OriginalLength);
                    _jpegs[id] = (new DictionaryToken(entries), standIn);
                    _swapped.Add(standIn.Id);
                }
                else
                {
                    _originals[id] = (new DictionaryToken(entries), stream.Data);
                }
                _sources[id] = (reference, stream);
            }
            var placeholder = new DictionaryToken(new Dictionary<NameToken, IToken>
            {
                [NameToken.Length] = new NumericToken(0),
                [Marker] = new NumericToken(id),
            });
            document.Advanced.ReplaceIndirectObject(reference, new StreamToken(placeholder, Array.Empty<byte>()));
        }
        return ids;
    }

    /// <summary>Drops the originals once their pages are written (PdfPig writes copied objects as it copies them).</summary>
    public void Release(List<long>? ids)
    {
        lock (_originals)
        {
            foreach (var id in ids ?? [])
            {
                _originals.Remove(id);
                _sources.Remove(id);
                _jpegs.Remove(id);
            }
        }
    }

    /// <summary>Lets <see cref="Defer"/> put the photo back where Skia drew <paramref name="standIn"/>.</summary>
    public void Register(JpegStandIn standIn)
    {
        lock (_originals)
        {
            _standIns[standIn.Id] = standIn;
        }
    }

    /// <summary>Whether the drawn document deferred with images had every one of these stand-ins to swap.</summary>
    public bool SwappedAll(IEnumerable<JpegStandIn> standIns)
    {
        lock (_originals)
        {
            return standIns.All(s => _swapped.Contains(s.Id));
        }
    }

    private JpegStandIn? StandInOf(StreamToken stream) =>
        IsImage(stream) && JpegStandIn.IdOf(stream.Data.Span) is { } id && _standIns.TryGetValue(id, out var standIn)
        && stream.Data.Span.SequenceEqual(standIn.Bytes)
        && stream.StreamDictionary.TryGet(NameToken.Filter, out var filter) && filter is NameToken { Data: "DCTDecode" }
            ? standIn
            : null;

    /// <summary>Puts the original streams back, for a page PdfPig could not copy with placeholders in place.</summary>
    public void Restore(PdfDocument document, List<long> ids)
    {
        foreach (var id in ids)
        {
            if (_sources.TryGetValue(id, out var source))
            {
                document.Advanced.ReplaceIndirectObject(source.Reference, source.AsRead);
            }
        }
    }

    /// <summary>
    /// Embedded font programs of the page's own fonts: GetPage loads every font in the page's resources (a full
    /// TrueType parse each) even when the content is a placeholder; PdfPig then copies the program's bytes unchanged.
    /// </summary>
    private static void FontPrograms(PdfDocument document, DictionaryToken page, List<IndirectReference> references)
    {
        if (!page.TryGet(NameToken.Resources, out var resourcesToken) || PageBoxes.Resolve(document, resourcesToken) is not DictionaryToken resources
            || !resources.TryGet(NameToken.Font, out var fontsToken) || PageBoxes.Resolve(document, fontsToken) is not DictionaryToken fonts)
        {
            return;
        }
        foreach (var fontToken in fonts.Data.Values)
        {
            if (PageBoxes.Resolve(document, fontToken) is not DictionaryToken font)
            {
                continue;
            }
            var described = new List<DictionaryToken> { font };
            if (font.TryGet(NameToken.DescendantFonts, out var descendantsToken) && PageBoxes.Resolve(document, descendantsToken) is ArrayToken descendants)
            {
                described.AddRange(descendants.Data.Select(d => PageBoxes.Resolve(document, d)).OfType<DictionaryToken>());
            }
            foreach (var candidate in described)
            {
                if (!candidate.TryGet(NameToken.FontDescriptor, out var descriptorToken) || PageBoxes.Resolve(document, descriptorToken) is not DictionaryToken descriptor)
                {
                    continue;
                }
                foreach (var key in new[] { NameToken.FontFile, NameToken.FontFile2, NameToken.FontFile3 })
                {
                    if (descriptor.TryGet(key, out var program) && program is IndirectReferenceToken reference)
                    {
                        references.Add(reference.Data);
                    }
                }
            }
        }
    }

    private static void Images(PdfDocument document, DictionaryToken page, HashSet<IndirectReference> references)
    {
        if (!page.TryGet(NameToken.Resources, out var resourcesToken) || PageBoxes.Resolve(document, resourcesToken) is not DictionaryToken resources
            || !resources.TryGet(NameToken.Xobject, out var xobjectsToken) || PageBoxes.Resolve(document, xobjectsToken) is not DictionaryToken xobjects)
        {
            return;
        }
        foreach (var value in xobjects.Data.Values)
        {
            if (value is IndirectReferenceToken reference)
            {
                references.Add(reference.Data);
            }
        }
    }

    private static bool IsImage(StreamToken stream) =>
        stream.StreamDictionary.TryGet(NameToken.Subtype, out var subtype) && subtype is NameToken { Data: "Image" };

    public void WriteToken(IToken token, Stream outputStream)
    {
        if (token is ObjectToken { Data: StreamToken jpegStream } jpegObject && Jpeg(jpegStream) is { } jpeg)
        {
            WriteSpliced(jpegObject, jpeg.Dictionary, jpeg.StandIn.Original, outputStream);
            return;
        }
        if (token is ObjectToken { Data: StreamToken copied } copiedObject && Original(copied) is { } copy)
        {
            WriteSpliced(copiedObject, copy.Dictionary, copy.Data.Span, outputStream);
            return;
        }
        if (token is StreamToken { } directStream && Jpeg(directStream) is { } directJpeg)
        {
            token = new StreamToken(directJpeg.Dictionary, directJpeg.StandIn.Original.ToArray());
        }
        if (token is StreamToken direct && Original(direct) is { } replacement)
        {
            token = new StreamToken(replacement.Dictionary, replacement.Data.ToArray());
        }
        _inner.WriteToken(token, outputStream);
    }

    public void WriteObject(long objectNumber, int generation, byte[] data, Stream outputStream) =>
        _inner.WriteObject(objectNumber, generation, data, outputStream);

    public void WriteCrossReferenceTable(IReadOnlyDictionary<IndirectReference, long> objectOffsets, IndirectReference catalogToken, Stream outputStream, IndirectReference? documentInformationReference, long? previousCrossReferenceTableOffset) =>
        _inner.WriteCrossReferenceTable(objectOffsets, catalogToken, outputStream, documentInformationReference, previousCrossReferenceTableOffset);

    private static bool Indirect(IToken token) => token switch
    {
        IndirectReferenceToken => true,
        ArrayToken array => array.Data.Any(Indirect),
        DictionaryToken dictionary => dictionary.Data.Values.Any(Indirect),
        _ => false,
    };

    private (DictionaryToken Dictionary, JpegStandIn StandIn)? Jpeg(StreamToken stream)
    {
        if (!stream.StreamDictionary.TryGet(Marker, out var marker) || marker is not NumericToken id)
        {
            return null;
        }
        lock (_originals)
        {
            return _jpegs.TryGetValue(id.Long, out var jpeg) ? jpeg : null;
        }
    }

    /// <summary>
    /// The object as the inner writer writes it with no data, the original bytes spliced in where the data goes: they are
    /// written once, straight from where they were read, without a token (whose constructor hashes every byte).
    /// </summary>
    private void WriteSpliced(ObjectToken obj, DictionaryToken dictionary, ReadOnlySpan<byte> data, Stream outputStream)
    {
        using var framing = new MemoryStream();
        _inner.WriteToken(new ObjectToken(obj.Position, obj.Number, new StreamToken(dictionary, Array.Empty<byte>())), framing);
        var written = framing.GetBuffer().AsSpan(0, (int)framing.Length);
        var end = written.LastIndexOf("\nendstream"u8);
        if (end < 0)
        {
            throw new InvalidOperationException("PdfPig wrote a stream without endstream.");
        }
        outputStream.Write(written[..end]);
        outputStream.Write(data);
        outputStream.Write(written[end..]);
    }

    private (DictionaryToken Dictionary, ReadOnlyMemory<byte> Data)? Original(StreamToken stream) =>
        stream.StreamDictionary.TryGet(Marker, out var marker) && marker is NumericToken id && _originals.TryGetValue(id.Long, out var original)
            ? original
            : null;
}
