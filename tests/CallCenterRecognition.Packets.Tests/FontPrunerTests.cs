using CallCenterRecognition.Packets;
using SkiaSharp;

namespace CallCenterRecognition.Packets.Tests;

public sealed class FontPrunerTests
{
    private const string DejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    [Fact]
    public void Prune_DejaVuSans_KeepsUsedGlyphsAtTheirIdsAndShrinks()
    {
        var bytes = File.ReadAllBytes(DejaVu);
        using var full = SKTypeface.FromFile(DejaVu);
        Assert.NotNull(full);
        using var font = new SKFont(full, 12);
        const string text = "Page 12 of 40 — é Ж م";
        var glyphs = font.GetGlyphs(text);

        var pruned = FontPruner.Prune(bytes, glyphs);

        Assert.NotNull(pruned);
        Assert.True(pruned.Length < bytes.Length / 5, $"pruned {pruned.Length:N0} of {bytes.Length:N0} bytes");
        using var data = SKData.CreateCopy(pruned);
        using var small = SKTypeface.FromData(data);
        Assert.NotNull(small);
        Assert.Equal(full.GlyphCount, small.GlyphCount);
        using var smallFont = new SKFont(small, 12);
        Assert.Equal(glyphs, smallFont.GetGlyphs(text));
        Assert.Equal(font.MeasureText(text), smallFont.MeasureText(text), 3);
        // Outlines survive for used glyphs and are gone for others.
        using var used = smallFont.GetGlyphPath(glyphs[0]);
        Assert.False(used.IsEmpty);
        using var unused = smallFont.GetGlyphPath(smallFont.GetGlyphs("Q")[0]);
        Assert.True(unused.IsEmpty);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x4F, 0x54, 0x54, 0x4F, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0x67, 0x6C })]
    public void Prune_NotPlainTrueType_ReturnsNullInsteadOfThrowing(byte[] font)
    {
        Assert.Null(FontPruner.Prune(font, [1, 2, 3]));
    }
}
