using CallCenterRecognition.Packets;

namespace CallCenterRecognition.Packets.Tests;

public sealed class PacketIdentifierTests
{
    private static readonly PdfMetadata Metadata = new("Grievance packet CC-2026-00001", "SEIU Local 1000", "Article 21.4", "grievance", "CallCenterRecognition", "CallCenterRecognition", new DateTimeOffset(2026, 3, 12, 17, 30, 0, TimeSpan.Zero), "en-US");

    private static ExhibitPlan Plan(int index, string sha256) =>
        new(index, ((char)('A' + index)).ToString(), Samples.Exhibit($"doc-{index}.pdf", "Duty statements", "application/pdf", [1, 2, 3]) with { Sha256 = sha256 });

    [Fact]
    public void Of_SpanOrStream_SameIdentifierAndStreamLeftWhereItWas()
    {
        var drawn = new byte[50_000];
        new Random(3).NextBytes(drawn);
        List<ExhibitPlan> plans = [Plan(0, new string('a', 64)), Plan(1, new string('b', 64))];
        using var stream = new MemoryStream(drawn);
        stream.Position = 10;

        var fromStream = PacketIdentifier.Of(Metadata, stream, plans);

        Assert.Equal(10, stream.Position);
        Assert.Equal(PacketIdentifier.Of(Metadata, drawn.AsSpan(10), plans), fromStream);
    }

    [Fact]
    public void Of_AnExhibitHashMetadataOrDrawnByteChanged_DifferentIdentifier()
    {
        byte[] drawn = [1, 2, 3, 4];
        List<ExhibitPlan> plans = [Plan(0, new string('a', 64)), Plan(1, new string('b', 64))];
        var identifier = PacketIdentifier.Of(Metadata, drawn, plans);

        Assert.Equal(identifier, PacketIdentifier.Of(Metadata, drawn, plans));
        Assert.NotEqual(identifier, PacketIdentifier.Of(Metadata, drawn, [plans[0], Plan(1, new string('c', 64))]));
        Assert.NotEqual(identifier, PacketIdentifier.Of(Metadata, drawn, [plans[1], plans[0]]));
        Assert.NotEqual(identifier, PacketIdentifier.Of(Metadata with { Title = "Grievance packet CC-2026-00002" }, drawn, plans));
        Assert.NotEqual(identifier, PacketIdentifier.Of(Metadata, [1, 2, 3, 5], plans));
    }
}
