using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Reads each page's visible box and /Rotate straight from the page tree, with PdfPig's inheritance rules
/// (MediaBox, CropBox and Rotate inherited from ancestors; CropBox defaults to MediaBox), without parsing content.
/// </summary>
internal static class PageBoxes
{
    private const int MaxDepth = 64;

    /// <summary>False when the tree does not read cleanly or disagrees with PdfPig's page count; the caller then asks PdfPig page by page.</summary>
    public static bool TryRead(PdfDocument document, List<(PdfRectangle Box, int Rotation)> pages, int expected, CancellationToken cancellationToken) =>
        TryWalk(document, expected, (_, box, rotation) => pages.Add((box, rotation)), cancellationToken);

    /// <summary>Visits every page dictionary in document order; false as for <see cref="TryRead"/>.</summary>
    public static bool TryWalk(PdfDocument document, int expected, Action<DictionaryToken, PdfRectangle, int> visit, CancellationToken cancellationToken)
    {
        try
        {
            if (!document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Pages, out var root))
            {
                return false;
            }
            var visited = new HashSet<IndirectReference>();
            var count = 0;
            return Walk(document, root, null, null, 0, 0, ref count, expected, visit, visited, cancellationToken) && count == expected;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static bool Walk(PdfDocument document, IToken token, PdfRectangle? media, PdfRectangle? crop, int rotation, int depth, ref int count,
        int expected, Action<DictionaryToken, PdfRectangle, int> visit, HashSet<IndirectReference> visited, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return false;
        }
        if (token is IndirectReferenceToken reference && !visited.Add(reference.Data))
        {
            return false;
        }
        if (Resolve(document, token) is not DictionaryToken node)
        {
            return false;
        }
        media = Rectangle(document, node, NameToken.MediaBox) ?? media;
        crop = Rectangle(document, node, NameToken.CropBox) ?? crop;
        if (node.TryGet(NameToken.Rotate, out var rotate) && Resolve(document, rotate) is NumericToken number)
        {
            rotation = number.Int;
        }
        if (node.TryGet(NameToken.Kids, out var kidsToken))
        {
            if (Resolve(document, kidsToken) is not ArrayToken kids)
            {
                return false;
            }
            foreach (var kid in kids.Data)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Walk(document, kid, media, crop, rotation, depth + 1, ref count, expected, visit, visited, cancellationToken))
                {
                    return false;
                }
            }
            return true;
        }
        var mediaBox = media ?? new PdfRectangle(0, 0, 612, 792);
        var box = crop ?? mediaBox;
        if (box.Width < 1 || box.Height < 1)
        {
            box = mediaBox;
        }
        if (++count > expected)
        {
            return false;
        }
        visit(node, box, rotation);
        return true;
    }

    private static PdfRectangle? Rectangle(PdfDocument document, DictionaryToken node, NameToken key)
    {
        if (!node.TryGet(key, out var token) || Resolve(document, token) is not ArrayToken array)
        {
            return null;
        }
        if (array.Length != 4)
        {
            return null;
        }
        Span<double> v = stackalloc double[4];
        for (var i = 0; i < 4; i++)
        {
            if (Resolve(document, array.Data[i]) is not NumericToken n)
            {
                return null;
            }
            v[i] = n.Double;
        }
        return new PdfRectangle(Math.Min(v[0], v[2]), Math.Min(v[1], v[3]), Math.Max(v[0], v[2]), Math.Max(v[1], v[3]));
    }

    internal static IToken? Resolve(PdfDocument document, IToken token) =>
        token is IndirectReferenceToken reference ? document.Structure.GetObject(reference.Data)?.Data : token;
}
