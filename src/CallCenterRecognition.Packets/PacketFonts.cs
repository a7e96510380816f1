using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// The typefaces the packet is set in. Skia's PDF backend embeds only the glyphs used, so a full-coverage
/// font such as DejaVu Sans costs a few kilobytes per packet, not the whole file.
/// </summary>
public sealed class PacketFonts : IDisposable
{
    /// <summary>Where Debian's <c>fonts-dejavu-core</c> installs DejaVu Sans.</summary>
    public const string DejaVuDirectory = "/usr/share/fonts/truetype/dejavu";

    private PacketFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    /// <summary>Body text typeface.</summary>
    internal SKTypeface Regular { get; }

    /// <summary>Headings and labels.</summary>
    internal SKTypeface Bold { get; }

    /// <summary>Loads the regular and bold faces from font files (TrueType or OpenType).</summary>
    /// <param name="regularPath">Path of the regular face.</param>
    /// <param name="boldPath">Path of the bold face.</param>
    /// <returns>The fonts.</returns>
    /// <exception cref="FileNotFoundException">A file is missing or not a font Skia can read.</exception>
    public static PacketFonts FromFiles(string regularPath, string boldPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(regularPath);
        ArgumentException.ThrowIfNullOrEmpty(boldPath);
        var regular = SKTypeface.FromFile(regularPath) ?? throw new FileNotFoundException("Not a readable font file.", regularPath);
        var bold = SKTypeface.FromFile(boldPath);
        if (bold is null)
        {
            regular.Dispose();
            throw new FileNotFoundException("Not a readable font file.", boldPath);
        }
        return new PacketFonts(regular, bold);
    }

    /// <summary>
    /// DejaVu Sans from <see cref="DejaVuDirectory"/>; failing that, DejaVu Sans as the system font manager finds it;
    /// failing that, the system's default face (the packet still builds, only less consistently typeset).
    /// </summary>
    /// <returns>The fonts.</returns>
    public static PacketFonts DejaVuSans()
    {
        var regularPath = Path.Combine(DejaVuDirectory, "DejaVuSans.ttf");
        var boldPath = Path.Combine(DejaVuDirectory, "DejaVuSans-Bold.ttf");
        if (File.Exists(regularPath) && File.Exists(boldPath))
        {
            var regular = SKTypeface.FromFile(regularPath);
            var bold = SKTypeface.FromFile(boldPath);
            if (regular is not null && bold is not null)
            {
                return new PacketFonts(regular, bold);
            }
            regular?.Dispose();
            bold?.Dispose();
        }
        return new PacketFonts(
            SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Normal) ?? SKTypeface.Default,
            SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold) ?? SKTypeface.Default);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!ReferenceEquals(Regular, SKTypeface.Default))
        {
            Regular.Dispose();
        }
        if (!ReferenceEquals(Bold, SKTypeface.Default) && !ReferenceEquals(Bold, Regular))
        {
            Bold.Dispose();
        }
    }
}
