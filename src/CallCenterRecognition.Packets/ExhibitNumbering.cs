namespace CallCenterRecognition.Packets;

/// <summary>How a packet names its exhibits and their pages, for text that cites them before the packet is built.</summary>
public static class ExhibitNumbering
{
    /// <summary>The letter of the exhibit at <paramref name="index"/> (0-based): A … Z, AA, AB …</summary>
    public static string Letter(int index) => ExhibitPlan.LetterFor(index);

    /// <summary>The Bates label the packet stamps on page <paramref name="page"/> (1-based) of an exhibit.</summary>
    public static string Bates(string claimNumber, string letter, int page) => PacketBuilder.Bates(claimNumber, letter, page);
}
