using System.Collections;
using System.Reflection;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Content streams the packet writes itself and hands to a page as already written, the way PdfPig 0.1.16 holds a
/// copied page's own content. PdfPig deflates every content stream it completes, a fresh zlib state (a quarter of a
/// megabyte set up and cleared) for each of two tiny streams an exhibit page gets (the fence before the original and
/// the stamp after it); written here, the fence is one shared object and a stamp a few hundred bytes as they are.
/// PdfPig offers no public way in, so this reaches its private members and is <see cref="Available"/> only when they are
/// all where 0.1.16 has them; otherwise the builder's own content streams are used.
/// </summary>
internal sealed class RawPageContent
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly FieldInfo? Context = typeof(PdfDocumentBuilder).GetField("context", Private);
    private static readonly FieldInfo? Streams = typeof(PdfPageBuilder).GetField("contentStreams", Private);
    private static readonly MethodInfo? WriteToken = Context?.FieldType.GetMethod("WriteToken", [typeof(IToken)]);
    private static readonly PropertyInfo? WritingPageContents = Context?.FieldType.GetProperty("WritingPageContents");
    private static readonly ConstructorInfo? Copied = typeof(PdfPageBuilder).GetNestedType("CopiedContentStream", BindingFlags.NonPublic)?
        .GetConstructors(Private | BindingFlags.Public)
        .FirstOrDefault(c => c.GetParameters() is [{ ParameterType: var first }, { ParameterType: var second }]
            && first == typeof(IndirectReferenceToken) && Nullable.GetUnderlyingType(second) is not null);

    private readonly object _context;
    private object? _fence;

    private RawPageContent(object context)
    {
        _context = context;
    }

    /// <summary>Whether PdfPig's private members are where this expects them.</summary>
    public static bool Available => Context is not null && Streams is not null && WriteToken is not null && WritingPageContents is not null
        && Copied is not null && typeof(IList).IsAssignableFrom(Streams.FieldType);

    /// <summary>Raw content for pages of <paramref name="builder"/>, or null when not <see cref="Available"/>.</summary>
    public static RawPageContent? For(PdfDocumentBuilder builder) =>
        Available && Context!.GetValue(builder) is { } context ? new RawPageContent(context) : null;

    /// <summary>Saves the graphics state before everything the page already has; one object shared by every page.</summary>
    public void Fence(PdfPageBuilder page)
    {
        _fence ??= Write("q\n"u8.ToArray());
        ((IList)Streams!.GetValue(page)!).Insert(0, _fence);
    }

    /// <summary>Appends <paramref name="content"/> after everything the page already has.</summary>
    public void Append(PdfPageBuilder page, byte[] content) => ((IList)Streams!.GetValue(page)!).Add(Write(content));

    private object Write(byte[] content)
    {
        var stream = new StreamToken(new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.Length] = new NumericToken(content.Length) }), content);
        WritingPageContents!.SetValue(_context, true);
        try
        {
            var reference = (IndirectReferenceToken)WriteToken!.Invoke(_context, [stream])!;
            return Copied!.Invoke([reference, null]);
        }
        finally
        {
            WritingPageContents.SetValue(_context, false);
        }
    }
}
