using System.Security.Cryptography;
using System.Text;

namespace CallCenterRecognition.Workflows;

/// <summary>One append-only journal record of an action, chained to the one before by SHA-256.</summary>
/// <param name="Sequence">1 for the first entry of an instance, then one more each time.</param>
/// <param name="At">When (UTC, whole milliseconds so every database stores it exactly).</param>
/// <param name="ActorId">Who: user id.</param>
/// <param name="ActorName">Who: display name at the time.</param>
/// <param name="Action">The action id.</param>
/// <param name="FromStage">Stage before, null for the first entry.</param>
/// <param name="ToStage">Stage after.</param>
/// <param name="Data">Canonical JSON of the inputs.</param>
/// <param name="PreviousHash">Hash of the entry before (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 over this entry's fields and <paramref name="PreviousHash"/>.</param>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    string Action,
    string? FromStage,
    string ToStage,
    string Data,
    string PreviousHash,
    string Hash);

/// <summary>The outcome of checking a journal chain.</summary>
/// <param name="Valid">True when every entry is intact and in sequence.</param>
/// <param name="Count">How many entries were checked.</param>
/// <param name="FirstBrokenSequence">Sequence of the first entry that fails, or null.</param>
/// <param name="Reason">Why it fails.</param>
public sealed record JournalVerification(bool Valid, int Count, long? FirstBrokenSequence, string? Reason);

/// <summary>Builds and verifies the hash chain of a journal.</summary>
public static class JournalChain
{
    /// <summary>The previous hash of a first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Creates the next entry after <paramref name="previousSequence"/> / <paramref name="previousHash"/>, computing its hash.</summary>
    public static JournalEntry Append(
        long previousSequence,
        string previousHash,
        DateTimeOffset at,
        WorkflowActor actor,
        string action,
        string? fromStage,
        string toStage,
        string data)
    {
        var truncated = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var entry = new JournalEntry(previousSequence + 1, truncated, actor.Id, actor.Name, action, fromStage, toStage, data, previousHash, string.Empty);
        return entry with { Hash = ComputeHash(entry) };
    }

    /// <summary>The SHA-256 (lower-case hex) of an entry's fields and previous hash; the entry's own <see cref="JournalEntry.Hash"/> is ignored.</summary>
    public static string ComputeHash(JournalEntry entry)
    {
        var builder = new StringBuilder();
        foreach (var field in new[]
                 {
                     entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     entry.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                     entry.ActorId, entry.ActorName, entry.Action, entry.FromStage ?? string.Empty, entry.ToStage, entry.Data, entry.PreviousHash,
                 })
        {
            // Length-prefixed so that moving characters between fields changes the hash.
            builder.Append(field.Length).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>Checks sequence, links and hashes of entries given in sequence order.</summary>
    public static JournalVerification Verify(IEnumerable<JournalEntry> entries)
    {
        var expectedPrevious = GenesisHash;
        long expectedSequence = 1;
        var count = 0;
        foreach (var entry in entries)
        {
            count++;
            if (entry.Sequence != expectedSequence)
            {
                return new JournalVerification(false, count, entry.Sequence, $"expected sequence {expectedSequence}, found {entry.Sequence}");
            }

            if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return new JournalVerification(false, count, entry.Sequence, "previous hash does not match the entry before");
            }

            if (!string.Equals(ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                return new JournalVerification(false, count, entry.Sequence, "hash does not match the entry's content");
            }

            expectedPrevious = entry.Hash;
            expectedSequence++;
        }

        return new JournalVerification(true, count, null, null);
    }
}
