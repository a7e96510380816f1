using System.IO.Hashing;
using System.Text;

namespace CallCenterRecognition.Packets;

/// <summary>
/// The trailer's file identifier: XXH128 of what decides the packet's bytes — its metadata, the pages drawn for it (cover,
/// statement, index, separators, typeset exhibits) and each exhibit's SHA-256 and disposition in order. The same packet
/// built twice gets the same identifier, two packets with different content different ones, without hashing the megabytes
/// of evidence written (a first build after start runs the hash unoptimized, and it was a sixth of that build).
/// </summary>
internal static class PacketIdentifier
{
    public static string Of(PdfMetadata metadata, ReadOnlySpan<byte> drawn, IEnumerable<ExhibitPlan> plans)
    {
        var hash = Start(metadata);
        hash.Append(drawn);
        return Finish(hash, plans);
    }

    /// <summary>The same, reading the drawn pages from their stream and leaving it where it was.</summary>
    public static string Of(PdfMetadata metadata, Stream drawn, IEnumerable<ExhibitPlan> plans)
    {
        var hash = Start(metadata);
        var at = drawn.Position;
        hash.Append(drawn);
        drawn.Position = at;
        return Finish(hash, plans);
    }

    private static XxHash128 Start(PdfMetadata metadata)
    {
        var hash = new XxHash128();
        foreach (var field in new[] { metadata.Title, metadata.Author, metadata.Subject, metadata.Keywords, metadata.Creator, metadata.Producer, metadata.PdfDate, metadata.Language })
        {
            Append(hash, field);
        }

        return hash;
    }

    private static string Finish(XxHash128 hash, IEnumerable<ExhibitPlan> plans)
    {
        foreach (var plan in plans)
        {
            Append(hash, plan.Exhibit.Sha256);
            Append(hash, plan.Exhibit.ContentType);
            Append(hash, $"{plan.Letter} {plan.Disposition} {plan.PageCount}");
        }

        return Convert.ToHexString(hash.GetCurrentHash());
    }

    // Length-prefixed, so no two different sequences of fields hash the same bytes.
    private static void Append(XxHash128 hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        hash.Append(BitConverter.GetBytes(bytes.Length));
        hash.Append(bytes);
    }
}
