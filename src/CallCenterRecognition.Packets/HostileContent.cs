using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Keeps what an exhibit can do out of the packet, so a reviewer opening it runs nothing the member's file carried:
/// no JavaScript, no page or annotation actions (<c>/AA</c>), no launch, remote-go-to, form-submit or media actions, no
/// <c>/URI</c> that is not https, no embedded or associated files, no file-attachment or media annotations, no XFA.
/// </summary>
/// <remarks>
/// Two layers. PdfPig copies a page's dictionary as it read it when the exhibit was opened, but resolves indirect
/// objects (annotations, actions, JavaScript streams) only while copying: <see cref="Disarm"/> replaces those in the
/// source with null, so they are never copied at all. As a token writer, this class then strips whatever hostile is left
/// inline in any object the packet writes, including the page dictionaries PdfPig assembles last.
/// </remarks>
internal sealed class HostileContent(ITokenWriter inner) : ITokenWriter
{
    private const int MaxDepth = 32;

    private static readonly HashSet<string> RemovedKeys = new(StringComparer.Ordinal)
    {
        "AA", "JS", "JavaScript", "OpenAction", "EF", "EmbeddedFiles", "AF", "XFA", "RichMediaContent", "RichMediaSettings",
    };

    // ISO 32000 action types that run, fetch, submit or play something; /S also names transparency groups, soft masks
    // and border styles, so only these values make a dictionary an action to drop. GoTo and Named stay, and URI when https.
    private static readonly HashSet<string> HostileActions = new(StringComparer.Ordinal)
    {
        "GoToR", "GoToE", "GoToDp", "Launch", "Thread", "Sound", "Movie", "Hide", "SubmitForm", "ResetForm", "ImportData",
        "JavaScript", "SetOCGState", "Rendition", "Trans", "GoTo3DView", "RichMediaExecute",
    };

    private static readonly HashSet<string> DroppedAnnotations = new(StringComparer.Ordinal)
    {
        "FileAttachment", "Sound", "Movie", "Screen", "RichMedia", "3D",
    };

    private readonly HashSet<IndirectReference> _dropped = [];

    public bool WritingPageContents
    {
        get => inner.WritingPageContents;
        set => inner.WritingPageContents = value;
    }

    /// <summary>Replaces the exhibit's indirect hostile objects reachable from its pages with null before any page is copied.</summary>
    public static void Disarm(PdfDocument document, int pageCount, CancellationToken cancellationToken)
    {
        var seen = new HashSet<IndirectReference>();
        PageBoxes.TryWalk(document, pageCount, (page, _, _) =>
        {
            foreach (var (key, value) in page.Data)
            {
                if (key == "AA")
                {
                    DisarmValues(document, value, seen, 0);
                }
            }
            if (page.TryGet(NameToken.Annots, out var annotsToken) && PageBoxes.Resolve(document, annotsToken) is ArrayToken annots)
            {
                foreach (var annotation in annots.Data)
                {
                    DisarmObject(document, annotation, seen, 0);
                }
            }
        }, cancellationToken);
    }

    // Every indirect object under an /AA dictionary is an action (or JavaScript for one): none of them may be copied.
    private static void DisarmValues(PdfDocument document, IToken token, HashSet<IndirectReference> seen, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        switch (token)
        {
            case IndirectReferenceToken reference when seen.Add(reference.Data):
                var target = PageBoxes.Resolve(document, reference);
                if (target is not null)
                {
                    DisarmValues(document, target, seen, depth + 1);
                }
                document.Advanced.ReplaceIndirectObject(reference.Data, NullToken.Instance);
                break;
            case DictionaryToken dictionary:
                foreach (var value in dictionary.Data.Values)
                {
                    DisarmValues(document, value, seen, depth + 1);
                }
                break;
            case ArrayToken array:
                foreach (var value in array.Data)
                {
                    DisarmValues(document, value, seen, depth + 1);
                }
                break;
        }
    }

    private static void DisarmObject(PdfDocument document, IToken token, HashSet<IndirectReference> seen, int depth)
    {
        if (depth > MaxDepth || token is not IndirectReferenceToken reference || !seen.Add(reference.Data))
        {
            return;
        }
        var target = PageBoxes.Resolve(document, reference);
        var dictionary = target switch
        {
            DictionaryToken d => d,
            StreamToken s => s.StreamDictionary,
            _ => null,
        };
        if (dictionary is null)
        {
            return;
        }
        if (IsHostile(dictionary))
        {
            DisarmValues(document, dictionary, seen, depth + 1);
            document.Advanced.ReplaceIndirectObject(reference.Data, NullToken.Instance);
            return;
        }
        foreach (var (key, value) in dictionary.Data)
        {
            if (RemovedKeys.Contains(key))
            {
                DisarmValues(document, value, seen, depth + 1);
            }
            else if (key is "A" or "Next" or "Popup" or "FS")
            {
                DisarmObject(document, value, seen, depth + 1);
            }
        }
    }

    public void WriteToken(IToken token, Stream outputStream)
    {
        if (token is ObjectToken obj)
        {
            var clean = Clean(obj.Data, 0);
            if (clean is null)
            {
                _dropped.Add(obj.Number);
                token = new ObjectToken(obj.Position, obj.Number, NullToken.Instance);
            }
            else if (!ReferenceEquals(clean, obj.Data))
            {
                token = new ObjectToken(obj.Position, obj.Number, clean);
            }
        }
        else
        {
            token = Clean(token, 0) ?? NullToken.Instance;
        }
        inner.WriteToken(token, outputStream);
    }

    public void WriteObject(long objectNumber, int generation, byte[] data, Stream outputStream) =>
        inner.WriteObject(objectNumber, generation, data, outputStream);

    public void WriteCrossReferenceTable(IReadOnlyDictionary<IndirectReference, long> objectOffsets, IndirectReference catalogToken, Stream outputStream, IndirectReference? documentInformationReference, long? previousCrossReferenceTableOffset) =>
        inner.WriteCrossReferenceTable(objectOffsets, catalogToken, outputStream, documentInformationReference, previousCrossReferenceTableOffset);

    /// <summary>The token without anything hostile; the same instance when nothing changed; null when the whole token must go.</summary>
    private IToken? Clean(IToken token, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }
        switch (token)
        {
            case StreamToken stream:
                if (IsHostile(stream.StreamDictionary) || IsType(stream.StreamDictionary, "EmbeddedFile"))
                {
                    return null;
                }
                var streamDictionary = CleanDictionary(stream.StreamDictionary, depth);
                return ReferenceEquals(streamDictionary, stream.StreamDictionary) ? stream : new StreamToken(streamDictionary!, stream.Data);
            case DictionaryToken dictionary:
                return IsHostile(dictionary) ? null : CleanDictionary(dictionary, depth);
            case ArrayToken array:
                List<IToken>? items = null;
                for (var i = 0; i < array.Data.Count; i++)
                {
                    var item = array.Data[i];
                    var cleaned = item is IndirectReferenceToken reference && _dropped.Contains(reference.Data) ? null : Clean(item, depth + 1);
                    if (items is null && !ReferenceEquals(cleaned, item))
                    {
                        items = [.. array.Data.Take(i)];
                    }
                    if (items is not null && cleaned is not null)
                    {
                        items.Add(cleaned);
                    }
                }
                return items is null ? array : new ArrayToken(items);
            default:
                return token;
        }
    }

    private DictionaryToken CleanDictionary(DictionaryToken dictionary, int depth)
    {
        Dictionary<NameToken, IToken>? entries = null;
        foreach (var (key, value) in dictionary.Data)
        {
            IToken? cleaned = RemovedKeys.Contains(key) ? null
                : value is IndirectReferenceToken reference && _dropped.Contains(reference.Data) ? null
                : Clean(value, depth + 1);
            if (!ReferenceEquals(cleaned, value))
            {
                entries ??= dictionary.Data.ToDictionary(e => NameToken.Create(e.Key), e => e.Value);
                if (cleaned is null)
                {
                    entries.Remove(NameToken.Create(key));
                }
                else
                {
                    entries[NameToken.Create(key)] = cleaned;
                }
            }
        }
        return entries is null ? dictionary : new DictionaryToken(entries);
    }

    private static bool IsHostile(DictionaryToken dictionary)
    {
        if (dictionary.TryGet(NameToken.S, out var action) && action is NameToken actionType)
        {
            if (HostileActions.Contains(actionType.Data))
            {
                return true;
            }
            if (actionType.Data == "URI" && !IsHttps(dictionary.TryGet(NameToken.Uri, out var uri) ? uri : null))
            {
                return true;
            }
        }
        if (dictionary.TryGet(NameToken.Subtype, out var subtype) && subtype is NameToken annotationType && DroppedAnnotations.Contains(annotationType.Data)
            && (IsType(dictionary, "Annot") || dictionary.ContainsKey(NameToken.Rect)))
        {
            return true;
        }
        return IsType(dictionary, "EmbeddedFile");
    }

    private static bool IsHttps(IToken? uri) => uri is StringToken or HexToken
        && Uri.TryCreate(uri is StringToken s ? s.Data : ((HexToken)uri).Data, UriKind.Absolute, out var parsed)
        && parsed.Scheme == Uri.UriSchemeHttps;

    private static bool IsType(DictionaryToken dictionary, string type) =>
        dictionary.TryGet(NameToken.Type, out var value) && value is NameToken name && name.Data == type;
}
