using System.Text.Json.Nodes;
using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

public class EngineTests
{
    private static readonly WorkflowActor Assigned = Rep("rep-7");
    private static readonly WorkflowActor OtherRep = Rep("rep-9");

    public static TheoryData<string> OpenStages => ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied"];

    [Fact]
    public void Start_RealDefinition_OpensIntakeAtVersionOne()
    {
        var claim = Claim.Start();

        var entry = Assert.Single(claim.Journal);
        Assert.Equal("intake", claim.State.Stage);
        Assert.Equal((DefinitionId, 1), (claim.State.DefinitionId, claim.State.DefinitionVersion));
        Assert.Equal(1, claim.State.Version);
        Assert.Null(claim.State.AssigneeId);
        Assert.Equal((1L, entry.Hash), (claim.State.JournalSequence, claim.State.JournalHash));
        Assert.Equal(("start", (string?)null, "intake"), (entry.Action, entry.FromStage, entry.ToStage));
        Assert.Equal(JournalChain.GenesisHash, entry.PreviousHash);
        Assert.Equal(FridayMorning, claim.State.StageEnteredAt);
    }

    [Fact]
    public void Start_WithData_JournalsSortedCanonicalJson()
    {
        var engine = new WorkflowEngine(new WorkflowRegistry([LoadReal()]), new WeekendCalendar(), new FixedTimeProvider(FridayMorning));

        var (_, entry) = engine.Start(DefinitionId, Mrc(), new Dictionary<string, string> { ["unit"] = "Fresno \"CC\"", ["member"] = "m-1" });

        Assert.Equal("{\"member\":\"m-1\",\"unit\":\"Fresno \\\"CC\\\"\"}", entry.Data);
    }

    [Fact]
    public void Start_UnknownDefinition_Throws()
    {
        var engine = new WorkflowEngine(new WorkflowRegistry([LoadReal()]), new WeekendCalendar(), new FixedTimeProvider(FridayMorning));

        var ex = Assert.Throws<ArgumentException>(() => engine.Start("no-such-workflow", Mrc()));

        Assert.Contains("no-such-workflow", ex.Message);
    }

    [Fact]
    public void PermittedActions_IntakeMrc_ReferWithdrawAddNote()
    {
        var claim = Claim.Start();

        Assert.Equal(["refer", "withdraw", "add-note"], Ids(claim.Engine.PermittedActions(claim.State, Mrc())));
    }

    [Fact]
    public void PermittedActions_IntakeRepresentative_WithdrawAndNoteButNotRefer()
    {
        var claim = Claim.Start();

        Assert.Equal(["withdraw", "add-note"], Ids(claim.Engine.PermittedActions(claim.State, Assigned)));
    }

    [Fact]
    public void PermittedActions_ReferralAssignedRepresentative_IncludesAccept()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);

        Assert.Equal(["accept", "withdraw", "add-note"], Ids(claim.Engine.PermittedActions(claim.State, Assigned)));
    }

    [Fact]
    public void PermittedActions_ReferralOtherRepresentative_ExcludesAccept()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);

        Assert.Equal(["withdraw", "add-note"], Ids(claim.Engine.PermittedActions(claim.State, OtherRep)));
    }

    [Theory]
    [InlineData("Mrc", true)]
    [InlineData("Ccwg", true)]
    [InlineData("Admin", true)]
    [InlineData("Representative", false)]
    [InlineData("Member", false)]
    public void PermittedActions_ReferralByRole_ReassignOnlyForStaff(string role, bool expected)
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);

        var permitted = Ids(claim.Engine.PermittedActions(claim.State, new WorkflowActor("someone", "Someone", [role])));

        Assert.Equal(expected, permitted.Contains("reassign"));
    }

    [Fact]
    public void PermittedActions_FinalStage_Empty()
    {
        var claim = Claim.Start();
        claim.Fire("withdraw", Mrc(), ("reason", "member left"));

        Assert.Empty(claim.Engine.PermittedActions(claim.State, Admin()));
        Assert.Null(claim.Engine.TaskOf(claim.State));
    }

    [Fact]
    public void Fire_FullRecognitionPath_ReachesDifferentialGranted()
    {
        var claim = Claim.Start();

        claim.ReferTo(Assigned.Id);
        Assert.Equal(Assigned.Id, claim.State.AssigneeId);
        claim.Fire("accept", Assigned);
        claim.Fire("file-grievance", Assigned, ("filedOn", "2026-01-05"));
        claim.Fire("record-decision", Assigned, ("outcome", "recognized"), ("decidedOn", "2026-01-08"));
        claim.Fire("record-differential", Ccwg(), ("effectiveOn", "2026-04-01"));

        Assert.Equal("differential-granted", claim.State.Stage);
        Assert.Equal(Assigned.Id, claim.State.AssigneeId);
        Assert.Equal(6, claim.State.Version);
        Assert.Equal(["intake", "referral", "document-collection", "calhr-review", "recognized", "differential-granted"], claim.Journal.Select(e => e.ToStage));
        Assert.Equal([null, "intake", "referral", "document-collection", "calhr-review", "recognized"], claim.Journal.Select(e => e.FromStage));
        Assert.Equal([1L, 2, 3, 4, 5, 6], claim.Journal.Select(e => e.Sequence));
        Assert.Equal((6L, claim.Journal[^1].Hash), (claim.State.JournalSequence, claim.State.JournalHash));
        Assert.Null(claim.State.DueAt);
        Assert.Null(claim.Engine.TaskOf(claim.State));
    }

    [Fact]
    public void Fire_Success_VersionAndJournalSequenceIncreaseByOne()
    {
        var claim = Claim.Start();
        var before = claim.State;

        var result = claim.Fire("add-note", Mrc(), ("text", "called the member"));

        Assert.Equal(before.Version + 1, result.State!.Version);
        Assert.Equal(before.JournalSequence + 1, result.Entry!.Sequence);
        Assert.Equal(before.JournalHash, result.Entry.PreviousHash);
        Assert.Equal("{\"text\":\"called the member\"}", result.Entry.Data);
        Assert.Equal(("mrc-1", "Maya Resource"), (result.Entry.ActorId, result.Entry.ActorName));
    }

    [Fact]
    public void Fire_RecordDecisionDenied_RoutesToDenied()
    {
        var claim = DriveTo("calhr-review");

        var result = claim.Fire("record-decision", Assigned, ("outcome", "denied"), ("decidedOn", "2026-01-08"));

        Assert.Equal("denied", result.State!.Stage);
        Assert.Equal(("calhr-review", "denied"), (result.Entry!.FromStage, result.Entry.ToStage));
        Assert.Equal("2026-01-08", result.Inputs["decidedOn"]);
    }

    [Fact]
    public void Fire_AppealFromDenied_ReturnsToCalhrReviewWithNewDueDate()
    {
        var claim = DriveTo("denied");
        claim.Clock.Now = new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

        var result = claim.Fire("appeal", Assigned, ("note", "new duty statements"));

        Assert.Equal("calhr-review", result.State!.Stage);
        Assert.Equal(result.Entry!.At, result.State.StageEnteredAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 23, 59, 59, TimeSpan.Zero), result.State.DueAt);
    }

    [Fact]
    public void Fire_AppealWithoutOptionalNote_Succeeds()
    {
        var claim = DriveTo("denied");

        var result = claim.Fire("appeal", Ccwg());

        Assert.Equal("calhr-review", result.State!.Stage);
        Assert.Empty(result.Inputs);
        Assert.Equal("{}", result.Entry!.Data);
    }

    [Theory]
    [MemberData(nameof(OpenStages))]
    public void Fire_WithdrawFromOpenStage_GoesToWithdrawn(string stage)
    {
        var claim = DriveTo(stage);

        var result = claim.Fire("withdraw", Admin(), ("reason", "member retired"));

        Assert.Equal("withdrawn", result.State!.Stage);
        Assert.Equal((stage, "withdrawn"), (result.Entry!.FromStage, result.Entry.ToStage));
        Assert.Null(result.State.DueAt);
        Assert.Null(result.State.FollowUpAt);
    }

    [Fact]
    public void Fire_AddNote_StaysInStageKeepingEnteredAtAndDueAt()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);
        var before = claim.State;
        claim.Clock.Advance(TimeSpan.FromDays(2));

        var result = claim.Fire("add-note", OtherRep, ("text", "left a voicemail"));

        Assert.Equal("referral", result.State!.Stage);
        Assert.Equal(("referral", "referral"), (result.Entry!.FromStage, result.Entry.ToStage));
        Assert.Equal(before.StageEnteredAt, result.State.StageEnteredAt);
        Assert.Equal(before.DueAt, result.State.DueAt);
        Assert.Equal(before.FollowUpAt, result.State.FollowUpAt);
        Assert.Equal(before.AssigneeId, result.State.AssigneeId);
        Assert.True(result.Entry.At > before.StageEnteredAt);
    }

    [Fact]
    public void Fire_Reassign_ReentersReferralResettingEnteredAtAndDueAt()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);
        var before = claim.State;
        claim.Clock.Now = new DateTimeOffset(2026, 1, 14, 15, 0, 0, TimeSpan.Zero);

        var result = claim.Fire("reassign", Ccwg(), ("representativeId", OtherRep.Id));

        Assert.Equal("referral", result.State!.Stage);
        Assert.Equal(OtherRep.Id, result.State.AssigneeId);
        Assert.Equal(result.Entry!.At, result.State.StageEnteredAt);
        Assert.NotEqual(before.StageEnteredAt, result.State.StageEnteredAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 21, 23, 59, 59, TimeSpan.Zero), result.State.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 19, 23, 59, 59, TimeSpan.Zero), result.State.FollowUpAt);
    }

    [Fact]
    public void Fire_InputWithSurroundingSpaces_StoresTrimmedValue()
    {
        var claim = Claim.Start();

        var result = claim.Fire("refer", Mrc(), ("representativeId", "  rep-7 "));

        Assert.Equal("rep-7", result.State!.AssigneeId);
        Assert.Equal("rep-7", result.Inputs["representativeId"]);
    }

    [Theory]
    [InlineData("refer")]
    [InlineData("accept")]
    [InlineData("no-such-action")]
    public void Fire_StaleExpectedVersion_VersionConflictBeforeOtherChecks(string action)
    {
        var claim = Claim.Start();

        var result = claim.Engine.Fire(claim.State, action, OtherRep, Inputs(("bogus", 1)), claim.State.Version - 1);

        Assert.Equal(FireFailure.VersionConflict, result.Failure);
        Assert.Null(result.State);
        Assert.Null(result.Entry);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Permitted);
    }

    [Fact]
    public void Fire_NullExpectedVersion_SkipsVersionCheck()
    {
        var claim = Claim.Start();

        var result = claim.Engine.Fire(claim.State, "refer", Mrc(), Inputs(("representativeId", "rep-7")), null);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.State!.Version);
    }

    [Fact]
    public void Fire_UnknownAction_UnknownAction()
    {
        var claim = Claim.Start();

        var result = claim.Try("escalate", Admin());

        Assert.Equal(FireFailure.UnknownAction, result.Failure);
        Assert.Contains("'escalate'", result.Reason);
        Assert.Null(result.State);
    }

    [Fact]
    public void Fire_ActionFromWrongStage_NotPermittedListsWhatActorMayDo()
    {
        var claim = Claim.Start();

        var forMrc = claim.Try("accept", Mrc());
        var forRep = claim.Try("file-grievance", Assigned, Inputs(("filedOn", "2026-01-05")));

        Assert.Equal(FireFailure.NotPermittedInStage, forMrc.Failure);
        Assert.Equal(["refer", "withdraw", "add-note"], Ids(forMrc.Permitted));
        Assert.Equal(FireFailure.NotPermittedInStage, forRep.Failure);
        Assert.Equal(["withdraw", "add-note"], Ids(forRep.Permitted));
        Assert.Contains("'intake'", forRep.Reason);
    }

    [Fact]
    public void Fire_WrongRole_Forbidden()
    {
        var claim = Claim.Start();

        var result = claim.Try("refer", Assigned, Inputs(("representativeId", "rep-7")));

        Assert.Equal(FireFailure.Forbidden, result.Failure);
        Assert.Contains("Mrc", result.Reason);
        Assert.Null(result.State);
    }

    [Fact]
    public void Fire_WrongRoleWithInvalidInputs_ForbiddenBeforeInputChecks()
    {
        var claim = Claim.Start();

        var result = claim.Try("refer", Assigned, Inputs(("colour", "blue")));

        Assert.Equal(FireFailure.Forbidden, result.Failure);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Fire_BadDate_InvalidInputNamingField()
    {
        var claim = DriveTo("document-collection");

        var result = claim.Try("file-grievance", Assigned, Inputs(("filedOn", "2026-13-01")));

        AssertInvalid(result, "filedOn", "yyyy-MM-dd");
    }

    [Fact]
    public void Fire_OutcomeNotAChoice_InvalidInputNamingField()
    {
        var claim = DriveTo("calhr-review");

        var result = claim.Try("record-decision", Assigned, Inputs(("outcome", "Recognized"), ("decidedOn", "2026-01-08")));

        AssertInvalid(result, "outcome", "must be one of recognized, denied");
    }

    [Fact]
    public void Fire_UnknownExtraField_InvalidInputNamingField()
    {
        var claim = Claim.Start();

        var result = claim.Try("refer", Mrc(), Inputs(("representativeId", "rep-7"), ("priority", "high")));

        AssertInvalid(result, "priority", "is not an input of 'refer'");
    }

    [Theory]
    [InlineData(42)]
    [InlineData(true)]
    public void Fire_NonStringValue_InvalidInputNamingField(object value)
    {
        var claim = Claim.Start();

        var result = claim.Try("refer", Mrc(), Inputs(("representativeId", value)));

        AssertInvalid(result, "representativeId", "must be a string");
    }

    [Fact]
    public void Fire_ValueTooLong_InvalidInputNamingField()
    {
        var claim = Claim.Start();

        var result = claim.Try("withdraw", Mrc(), Inputs(("reason", new string('x', 4001))));

        AssertInvalid(result, "reason", "at most 4000 characters");
    }

    [Fact]
    public void Fire_ValueAtMaxLength_Succeeds()
    {
        var claim = Claim.Start();

        var result = claim.Try("withdraw", Mrc(), Inputs(("reason", new string('x', 4000))));

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Fire_MissingRequiredInput_InvalidInputNamingField(string? value)
    {
        var claim = Claim.Start();
        var inputs = value is null ? NoInputs() : Inputs(("representativeId", value));

        var result = claim.Try("refer", Mrc(), inputs);

        AssertInvalid(result, "representativeId", "is required");
    }

    [Fact]
    public void Fire_SeveralBadInputs_ReportsEachField()
    {
        var claim = DriveTo("calhr-review");

        var result = claim.Try("record-decision", Assigned, Inputs(("outcome", "maybe"), ("decidedOn", "yesterday"), ("extra", "x")));

        Assert.Equal(FireFailure.InvalidInput, result.Failure);
        Assert.Equal(["decidedOn", "extra", "outcome"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fire_ReassignToSameRepresentative_InvalidInputOnRepresentativeId()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);

        var result = claim.Try("reassign", Mrc(), Inputs(("representativeId", Assigned.Id)));

        AssertInvalid(result, "representativeId", "already the assigned representative");
    }

    [Fact]
    public void Fire_AcceptByOtherRepresentative_Forbidden()
    {
        var claim = Claim.Start().ReferTo(Assigned.Id);

        var result = claim.Try("accept", OtherRep);

        Assert.Equal(FireFailure.Forbidden, result.Failure);
        Assert.Contains("assigned representative", result.Reason);
        Assert.Null(result.State);
    }

    [Fact]
    public void Fire_FileGrievanceByOtherRepresentative_Forbidden()
    {
        var claim = DriveTo("document-collection");

        var result = claim.Try("file-grievance", OtherRep, Inputs(("filedOn", "2026-01-05")));

        Assert.Equal(FireFailure.Forbidden, result.Failure);
    }

    [Fact]
    public void Fire_HostGuardConflict_ConflictWithPermittedActions()
    {
        var definition = LoadVariantWithGuard("withdraw", "claim-not-frozen");
        var frozen = new DelegateGuard("claim-not-frozen", _ => GuardResult.Deny(GuardRefusal.Conflict, "the claim is frozen"));
        var clock = new FixedTimeProvider(FridayMorning);
        var engine = new WorkflowEngine(new WorkflowRegistry([definition]), new WeekendCalendar(), clock, [frozen]);
        var (state, _) = engine.Start(DefinitionId, Mrc());

        var result = engine.Fire(state, "withdraw", Mrc(), Inputs(("reason", "duplicate")), state.Version);

        Assert.Equal(FireFailure.Conflict, result.Failure);
        Assert.Equal("the claim is frozen", result.Reason);
        Assert.Equal(["refer", "add-note"], Ids(result.Permitted));
    }

    [Fact]
    public void Fire_HostGuardSeesValidatedInputs()
    {
        var definition = LoadVariantWithGuard("withdraw", "reason-not-shouted");
        var guard = new DelegateGuard(
            "reason-not-shouted",
            c => c.Inputs.TryGetValue("reason", out var reason) && reason == reason.ToUpperInvariant()
                ? GuardResult.Deny(GuardRefusal.InvalidInput, "please do not shout", "reason")
                : GuardResult.Allow);
        var engine = new WorkflowEngine(new WorkflowRegistry([definition]), new WeekendCalendar(), new FixedTimeProvider(FridayMorning), [guard]);
        var (state, _) = engine.Start(DefinitionId, Mrc());

        var shouted = engine.Fire(state, "withdraw", Mrc(), Inputs(("reason", " DUPLICATE ")), state.Version);
        var calm = engine.Fire(state, "withdraw", Mrc(), Inputs(("reason", "duplicate")), state.Version);

        AssertInvalid(shouted, "reason", "please do not shout");
        Assert.True(calm.Succeeded);
    }

    [Fact]
    public void TaskOf_OpenStages_NameRoleAssigneeAndDueDate()
    {
        var claim = Claim.Start();
        var intake = claim.Engine.TaskOf(claim.State)!;
        claim.ReferTo(Assigned.Id);
        var referral = claim.Engine.TaskOf(claim.State)!;

        Assert.Equal(("intake", "Mrc", (string?)null), (intake.Stage, intake.AssigneeRole, intake.AssigneeId));
        Assert.Equal(("referral", "assignee", (string?)Assigned.Id), (referral.Stage, referral.AssigneeRole, referral.AssigneeId));
        Assert.Equal(claim.State.DueAt, referral.DueAt);
        Assert.Equal(claim.State.FollowUpAt, referral.FollowUpAt);
    }

    [Fact]
    public void Start_RegistryWithTwoVersions_PinsNewestVersion()
    {
        var (v1, v2) = (LoadReal(), LoadVersion2());
        var engine = new WorkflowEngine(new WorkflowRegistry([v1, v2]), new WeekendCalendar(), new FixedTimeProvider(FridayMorning));

        var (state, _) = engine.Start(DefinitionId, Mrc());

        Assert.Equal(2, state.DefinitionVersion);
        Assert.Same(v2, engine.DefinitionOf(state));
        Assert.Contains("hold", Ids(engine.PermittedActions(state, Mrc())));
        Assert.True(engine.Fire(state, "hold", Mrc(), NoInputs(), state.Version).Succeeded);
    }

    [Fact]
    public void Fire_InstancePinnedToVersion1_UsesVersion1Rules()
    {
        var clock = new FixedTimeProvider(FridayMorning);
        var (v1, v2) = (LoadReal(), LoadVersion2());
        var (v1State, _) = new WorkflowEngine(new WorkflowRegistry([v1]), new WeekendCalendar(), clock).Start(DefinitionId, Mrc());
        var engine = new WorkflowEngine(new WorkflowRegistry([v1, v2]), new WeekendCalendar(), clock);
        var (v2State, _) = engine.Start(DefinitionId, Mrc());

        var hold = engine.Fire(v1State, "hold", Mrc(), NoInputs(), v1State.Version);
        var referV1 = engine.Fire(v1State, "refer", Mrc(), Inputs(("representativeId", "rep-7")), v1State.Version);
        var referV2 = engine.Fire(v2State, "refer", Mrc(), Inputs(("representativeId", "rep-7")), v2State.Version);

        Assert.Equal(FireFailure.UnknownAction, hold.Failure);
        Assert.DoesNotContain("hold", Ids(engine.PermittedActions(v1State, Mrc())));
        Assert.True(referV1.Succeeded);
        Assert.Equal(1, referV1.State!.DefinitionVersion);
        Assert.Equal(FireFailure.Forbidden, referV2.Failure);
    }

    [Fact]
    public void RegistryGet_VersionNotLoaded_Throws()
    {
        var registry = new WorkflowRegistry([LoadReal(), LoadVersion2()]);

        var ex = Assert.Throws<InvalidOperationException>(() => registry.Get(DefinitionId, 3));

        Assert.Contains("version 3", ex.Message);
        Assert.Null(registry.Find(DefinitionId, 3));
        Assert.Equal(2, registry.Get(DefinitionId, 2).Version);
        Assert.Equal(2, registry.FindLatest(DefinitionId)!.Version);
        Assert.Equal([2], registry.Latest.Select(d => d.Version));
        Assert.Equal(2, registry.All.Count);
    }

    [Fact]
    public void Fire_InstancePinnedToUnloadedVersion_Throws()
    {
        var claim = Claim.Start();
        var orphan = claim.State with { DefinitionVersion = 7 };

        Assert.Throws<InvalidOperationException>(() => claim.Engine.Fire(orphan, "add-note", Mrc(), Inputs(("text", "x")), orphan.Version));
    }

    [Fact]
    public void ToMermaid_RealDefinition_StateDiagramWithEveryStageAndTransition()
    {
        var definition = LoadReal();

        var mermaid = WorkflowEngine.ToMermaid(definition);
        var lines = mermaid.Split('\n').Select(l => l.Trim()).ToList();

        Assert.StartsWith("stateDiagram-v2", mermaid);
        Assert.Contains("[*] --> intake", lines);
        foreach (var stage in definition.Stages.Where(s => s.Id.Contains('-', StringComparison.Ordinal)))
        {
            Assert.Contains($"{Node(stage.Id)} : {stage.Id}", lines);
        }

        Assert.All(definition.Stages, s => Assert.Contains(s.Id, mermaid));
        foreach (var action in definition.Actions)
        {
            foreach (var from in action.From)
            {
                foreach (var to in action.StaysInStage ? [from] : action.Targets)
                {
                    Assert.Contains(lines, l => l.StartsWith($"{Node(from)} --> {Node(to)} : {action.Id}", StringComparison.Ordinal));
                }
            }
        }

        Assert.Contains("calhrreview --> denied : record-decision [outcome = denied]", lines);
    }

    [Fact]
    public void ToMermaid_StageIdsDifferingOnlyByHyphen_StayDistinct()
    {
        var json = MinimalDefinition();
        json.Stages().Add(Stage("do-ne"));
        json.Actions().Add(Action("finish-early", "open", "do-ne"));
        var definition = WorkflowDefinitionLoader.Load(json.ToJsonString(), "mini.json", Vocabulary);

        var lines = WorkflowEngine.ToMermaid(definition).Split('\n').Select(l => l.Trim()).ToList();

        var alias = Assert.Single(lines, l => l.EndsWith(" : do-ne", StringComparison.Ordinal)).Split(" : ")[0];
        Assert.NotEqual("done", alias);
        Assert.Contains("open --> done : finish", lines);
        Assert.Contains($"open --> {alias} : finish-early", lines);
    }

    private static string Node(string stageId) => stageId.Replace("-", string.Empty, StringComparison.Ordinal);

    private static List<string> Ids(IEnumerable<ActionDefinition> actions) => [.. actions.Select(a => a.Id)];

    private static void AssertInvalid(FireResult result, string field, string message)
    {
        Assert.Equal(FireFailure.InvalidInput, result.Failure);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
        Assert.Null(result.State);
        Assert.Null(result.Entry);
    }

    private static Claim DriveTo(string stage)
    {
        var claim = Claim.Start();
        var outcome = stage == "recognized" ? "recognized" : "denied";
        var steps = new Action[]
        {
            () => claim.ReferTo(Assigned.Id),
            () => claim.Fire("accept", Assigned),
            () => claim.Fire("file-grievance", Assigned, ("filedOn", "2026-01-05")),
            () => claim.Fire("record-decision", Assigned, ("outcome", outcome), ("decidedOn", "2026-01-08")),
        };
        foreach (var step in steps.TakeWhile(_ => claim.State.Stage != stage))
        {
            step();
        }

        Assert.Equal(stage, claim.State.Stage);
        return claim;
    }

    private static WorkflowDefinition LoadVariantWithGuard(string actionId, string guard)
    {
        var root = JsonNode.Parse(RealJson())!.AsObject();
        var action = root.Actions().Single(a => (string?)a!["id"] == actionId)!;
        action["guards"] = new JsonArray(guard);
        return WorkflowDefinitionLoader.Load(root.ToJsonString(), "variant.json", Vocabulary.WithGuards(guard));
    }

    private static WorkflowDefinition LoadVersion2() => LoadVariant(
        root =>
        {
            root["version"] = 2;
            root.Stages().Insert(1, new JsonObject { ["id"] = "on-hold", ["name"] = "On hold", ["taskRole"] = "Ccwg" });
            root.Actions().Add(Action("hold", "intake", "on-hold", "Mrc", "Ccwg"));
            root.Actions().Add(Action("resume", "on-hold", "intake", "Ccwg"));
            root.Actions().Single(a => (string?)a!["id"] == "refer")!["roles"] = new JsonArray("Ccwg", "Admin");
        },
        "article-21-4-recognition.v2.json");
}
