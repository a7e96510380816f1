using CallCenterRecognition.Packets;

namespace CallCenterRecognition.Packets.Tests;

public sealed class TypesetterTests
{
    [Theory]
    [InlineData("a\u0000b", "a␀b")]
    [InlineData("bell\u0007", "bell␇")]
    [InlineData("del\u007F", "del␡")]
    [InlineData("c1\u0085x", "c1 x")]
    [InlineData("\u202Eevil\u202C", "evil")]
    [InlineData("rtl\u200Fmark", "rtlmark")]
    [InlineData("line\r\nbreak", "line break")]
    [InlineData("tab\there", "tab here")]
    [InlineData("<b>markup</b>", "<b>markup</b>")]
    public void Clean_HostileCharacters_AreVisibleOrRemoved(string input, string expected)
    {
        Assert.Equal(expected, Typesetter.Clean(input));
    }

    [Fact]
    public void Clean_LoneSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("a\uFFFDb", Typesetter.Clean("a\uD800b"));
    }

    [Fact]
    public void Clean_Multiline_KeepsParagraphs()
    {
        Assert.Equal("one\ntwo\n\nthree", Typesetter.Clean("one\r\ntwo\r\rthree", multiline: true));
    }

    [Fact]
    public void Clean_MaxLength_TruncatesWithEllipsis()
    {
        Assert.Equal("abc…", Typesetter.Clean("abcdef", maxLength: 3));
    }

    [Fact]
    public void Wrap_TenThousandCharacterWord_BreaksIntoLinesThatFit()
    {
        using var fonts = PacketFonts.DejaVuSans();
        using var type = new Typesetter(fonts);
        var word = new string('W', 10_000);

        var lines = type.Wrap(word, type.Regular, 10, 200);

        Assert.True(lines.Count > 100, $"only {lines.Count} lines");
        Assert.Equal(word, string.Concat(lines));
        Assert.All(lines, l => Assert.True(type.Measure(l, type.Regular, 10) <= 200.01f, $"line too wide: {type.Measure(l, type.Regular, 10)}"));
    }

    [Fact]
    public void Wrap_Words_BreaksAtSpacesOnly()
    {
        using var fonts = PacketFonts.DejaVuSans();
        using var type = new Typesetter(fonts);

        var lines = type.Wrap("the unit answers calls from the public every day", type.Regular, 10, 80);

        Assert.True(lines.Count > 1);
        Assert.Equal("the unit answers calls from the public every day", string.Join(" ", lines));
        Assert.All(lines, l => Assert.False(l.StartsWith(' ') || l.EndsWith(' ')));
    }

    [Fact]
    public void Runs_CharacterNoFontHas_DrawsReplacement()
    {
        using var fonts = PacketFonts.DejaVuSans();
        using var type = new Typesetter(fonts);

        // U+E000 is private use: no installed font should claim it, so it must come out as a visible replacement.
        var runs = type.Runs("a\uE000b", type.Regular);

        Assert.Equal("a\uFFFDb", string.Concat(runs.Select(r => r.Text)));
    }
}

public sealed class PacketFontsTests
{
    [Fact]
    public void FromFiles_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => PacketFonts.FromFiles("/nonexistent/regular.ttf", "/nonexistent/bold.ttf"));
    }

    [Fact]
    public void FromFiles_DejaVu_BuildsAPacket()
    {
        using var fonts = PacketFonts.FromFiles(
            Path.Combine(PacketFonts.DejaVuDirectory, "DejaVuSerif.ttf"),
            Path.Combine(PacketFonts.DejaVuDirectory, "DejaVuSerif-Bold.ttf"));
        using var output = new MemoryStream();

        var result = new PacketBuilder(fonts).Build(new PacketRequest(Samples.Claim(), []), output);

        using var document = UglyToad.PdfPig.PdfDocument.Open(output.ToArray());
        Assert.Equal(result.PageCount, document.NumberOfPages);
        Assert.Contains(document.GetPage(1).Letters, l => (l.FontName ?? "").Contains("DejaVuSerif", StringComparison.Ordinal));
    }
}
