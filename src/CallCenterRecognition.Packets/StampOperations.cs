using System.Buffers;
using System.Globalization;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Packets;

/// <summary>
/// A page stamp's content-stream operators, written as text once and handed to PdfPig as one operation: the same
/// operators PdfPig's builder methods write, without a dozen operation objects a page each formatting its own numbers
/// when the document is completed.
/// </summary>
internal sealed class StampOperations
{
    private readonly ArrayBufferWriter<byte> _bytes = new(1024);

    public StampOperations Push() => Line("q"u8);

    public StampOperations Pop() => Line("Q"u8);

    public StampOperations Transform(ReadOnlySpan<double> matrix)
    {
        foreach (var value in matrix)
        {
            Number(value).Space();
        }
        return Line("cm"u8);
    }

    /// <summary>A white band behind the text, as <c>DrawRectangle(…, 0.1, fill: true)</c> between white stroke and fill colours writes it.</summary>
    public StampOperations Band(double x, double y, double width, double height)
    {
        Line("1 1 1 RG"u8).Line("1 1 1 rg"u8).Line("0.1 w"u8);
        Number(x).Space().Number(y).Space().Number(width).Space().Number(height).Space().Line("re"u8);
        return Line("B*"u8).Line("1 w"u8).Line("0 0 0 rg"u8);
    }

    /// <summary>One line of standard-font text, each word after the first its own string as PdfPig's <c>AddText</c> writes them.</summary>
    public StampOperations Text(NameToken font, double size, double x, double y, string text, Func<char, byte> code)
    {
        Line("BT"u8);
        Write("/"u8).Write(font.Data).Space().Number(size).Space().Line("Tf"u8);
        Number(x).Space().Number(y).Space().Line("Td"u8);
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || char.IsWhiteSpace(text[i]))
            {
                Write("("u8);
                for (var k = start; k < i; k++)
                {
                    var b = code(text[k]);
                    if (b is (byte)'(' or (byte)')' or (byte)'\\')
                    {
                        Write("\\"u8);
                    }
                    _bytes.GetSpan(1)[0] = b;
                    _bytes.Advance(1);
                }
                Line(") Tj"u8);
                start = i;
            }
        }
        return Line("ET"u8);
    }

    public StampOperations ResetColor() => Line("0 G"u8).Line("0 g"u8);

    /// <summary>What was written, as a content stream's bytes.</summary>
    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();

    /// <summary>Appends what was written to the page's current content stream and starts afresh.</summary>
    public void AddTo(PdfPageBuilder page)
    {
        if (_bytes.WrittenCount == 0)
        {
            return;
        }
        page.CurrentStream.Operations.Add(new Raw(_bytes.WrittenSpan.ToArray()));
        _bytes.ResetWrittenCount();
    }

    private StampOperations Line(ReadOnlySpan<byte> text) => Write(text).Write("\n"u8);

    private StampOperations Space() => Write(" "u8);

    private StampOperations Write(ReadOnlySpan<byte> text)
    {
        text.CopyTo(_bytes.GetSpan(text.Length));
        _bytes.Advance(text.Length);
        return this;
    }

    private StampOperations Write(string ascii)
    {
        var span = _bytes.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }
        _bytes.Advance(ascii.Length);
        return this;
    }

    private StampOperations Number(double value)
    {
        // At most five places, as PdfPig writes a stamp's coordinates; the shortest round-trip form of the rounded value
        // (a custom format string is parsed on every call), and never an exponent, which PDF has no syntax for.
        var rounded = Math.Round(value, 5);
        if (Math.Abs(rounded) < 0.0001)
        {
            rounded = 0;
        }
        var span = _bytes.GetSpan(32);
        if (!rounded.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A stamp coordinate did not format.");
        }
        _bytes.Advance(written);
        return this;
    }

    /// <summary>Pre-written operators; the packet only writes its pages, it never runs them.</summary>
    private sealed class Raw(byte[] bytes) : IGraphicsStateOperation
    {
        public string Operator => string.Empty;

        public void Write(Stream stream) => stream.Write(bytes);

        public void Run(IOperationContext operationContext)
        {
        }
    }
}
