using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

public class JournalChainTests
{
    public static TheoryData<string, int> Edits
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in new[] { "Data", "ActorName", "ActorId", "At", "ToStage", "FromStage", "Action", "Hash", "PreviousHash" })
            {
                foreach (var index in new[] { 0, 3, 6 })
                {
                    data.Add(name, index);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Verify_EntriesFromFireSequence_Valid()
    {
        var journal = SampleJournal();

        var verification = JournalChain.Verify(journal);

        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(journal.Count, verification.Count);
        Assert.Null(verification.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_EmptyJournal_ValidWithZeroEntries()
    {
        var verification = JournalChain.Verify([]);

        Assert.Equal(new JournalVerification(true, 0, null, null), verification);
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void Verify_EditedField_FailsAtThatEntry(string field, int index)
    {
        var journal = SampleJournal();
        var original = journal[index];
        journal[index] = field switch
        {
            "Data" => original with { Data = original.Data.Replace("}", ",\"x\":\"y\"}", StringComparison.Ordinal) },
            "ActorName" => original with { ActorName = original.ActorName + " Jr." },
            "ActorId" => original with { ActorId = "intruder" },
            "At" => original with { At = original.At.AddSeconds(-1) },
            "ToStage" => original with { ToStage = "differential-granted" },
            "FromStage" => original with { FromStage = original.FromStage is null ? "intake" : null },
            "Action" => original with { Action = "record-differential" },
            "Hash" => original with { Hash = new string('a', 64) },
            "PreviousHash" => original with { PreviousHash = new string('b', 64) },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        Assert.NotEqual(original, journal[index]);

        var verification = JournalChain.Verify(journal);

        Assert.False(verification.Valid);
        Assert.Equal(original.Sequence, verification.FirstBrokenSequence);
        Assert.Equal(index + 1, verification.Count);
    }

    [Fact]
    public void Verify_EditedEntryWithRecomputedHash_FailsAtNextEntry()
    {
        var journal = SampleJournal();
        var forged = journal[2] with { ActorName = "Someone Else" };
        journal[2] = forged with { Hash = JournalChain.ComputeHash(forged) };

        var verification = JournalChain.Verify(journal);

        Assert.False(verification.Valid);
        Assert.Equal(journal[3].Sequence, verification.FirstBrokenSequence);
        Assert.Contains("previous hash", verification.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Verify_RemovedEntry_FailsAtGap(int index)
    {
        var journal = SampleJournal();
        var removed = journal[index];
        journal.RemoveAt(index);

        var verification = JournalChain.Verify(journal);

        Assert.False(verification.Valid);
        Assert.Equal(removed.Sequence + 1, verification.FirstBrokenSequence);
        Assert.Contains($"expected sequence {removed.Sequence}", verification.Reason);
    }

    [Fact]
    public void Verify_RemovedEntryWithRenumberedSuccessors_FailsAtGap()
    {
        var journal = SampleJournal();
        journal.RemoveAt(2);
        for (var i = 2; i < journal.Count; i++)
        {
            journal[i] = journal[i] with { Sequence = i + 1 };
        }

        var verification = JournalChain.Verify(journal);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_SwappedEntries_Fails()
    {
        var journal = SampleJournal();
        (journal[2], journal[3]) = (journal[3], journal[2]);

        var verification = JournalChain.Verify(journal);

        Assert.False(verification.Valid);
        Assert.Equal(journal[2].Sequence, verification.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_TailRemoved_StillValidSoOnlyStateHashRevealsIt()
    {
        var claim = RunClaim();
        var truncated = claim.Journal.Take(claim.Journal.Count - 1).ToList();

        var verification = JournalChain.Verify(truncated);

        Assert.True(verification.Valid);
        Assert.NotEqual(claim.State.JournalHash, truncated[^1].Hash);
        Assert.Equal(claim.State.JournalHash, claim.Journal[^1].Hash);
    }

    [Fact]
    public void Append_SubMillisecondTime_TruncatesToWholeMillisecondsInUtc()
    {
        var at = new DateTimeOffset(2026, 1, 9, 10, 0, 0, 123, TimeSpan.FromHours(-8)).AddTicks(4567);

        var entry = JournalChain.Append(0, JournalChain.GenesisHash, at, Mrc(), "start", null, "intake", "{}");

        Assert.Equal(new DateTimeOffset(2026, 1, 9, 18, 0, 0, 123, TimeSpan.Zero), entry.At);
        Assert.Equal(TimeSpan.Zero, entry.At.Offset);
        Assert.Equal(0, entry.At.UtcTicks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void Append_AfterEntry_ChainsSequenceAndHash()
    {
        var first = JournalChain.Append(0, JournalChain.GenesisHash, FridayMorning, Mrc(), "start", null, "intake", "{}");

        var second = JournalChain.Append(first.Sequence, first.Hash, FridayMorning.AddMinutes(5), Mrc(), "add-note", "intake", "intake", "{\"text\":\"hi\"}");

        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(JournalChain.ComputeHash(second), second.Hash);
        Assert.Matches("^[0-9a-f]{64}$", second.Hash);
        Assert.True(JournalChain.Verify([first, second]).Valid);
    }

    [Fact]
    public void Fire_ClockWithSubMillisecondTicks_StoresTruncatedTimes()
    {
        var claim = Claim.Start(at: FridayMorning.AddTicks(9_999));

        Assert.Equal(FridayMorning, claim.Journal[0].At);
        Assert.Equal(FridayMorning, claim.State.StageEnteredAt);
    }

    [Fact]
    public void ComputeHash_OwnHashField_Ignored()
    {
        var entry = SampleJournal()[1];

        Assert.Equal(entry.Hash, JournalChain.ComputeHash(entry with { Hash = "tampered" }));
    }

    [Fact]
    public void ComputeHash_CharactersMovedBetweenFields_Differs()
    {
        var entry = SampleJournal()[1];

        var a = JournalChain.ComputeHash(entry with { ActorId = "ab", ActorName = "c" });
        var b = JournalChain.ComputeHash(entry with { ActorId = "a", ActorName = "bc" });

        Assert.NotEqual(a, b);
    }

    private static Claim RunClaim()
    {
        var claim = Claim.Start();
        claim.ReferTo("rep-7");
        claim.Fire("add-note", Rep("rep-7"), ("text", "Résumé “quoted” <b>note</b>"));
        claim.Fire("accept", Rep("rep-7"));
        claim.Fire("file-grievance", Rep("rep-7"), ("filedOn", "2026-01-05"));
        claim.Fire("record-decision", Ccwg(), ("outcome", "denied"), ("decidedOn", "2026-01-08"));
        claim.Fire("appeal", Rep("rep-7"));
        return claim;
    }

    private static List<JournalEntry> SampleJournal() => [.. RunClaim().Journal];
}
