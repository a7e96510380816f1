using System.Text.Json.Nodes;
using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

public class DefinitionLoaderTests
{
    [Fact]
    public void Load_MinimalDefinition_Succeeds()
    {
        var definition = WorkflowDefinitionLoader.Load(MinimalDefinition().ToJsonString(), "mini.json", Vocabulary);

        Assert.Equal("mini", definition.DefinitionId);
        Assert.Equal("open", definition.InitialStage);
        Assert.Equal(["open", "done"], definition.Stages.Select(s => s.Id));
        Assert.Equal("mini.json", definition.Source);
    }

    private static JsonObject WithInput(JsonObject input)
    {
        var json = MinimalDefinition();
        json.Actions()[0]!["inputs"] = new JsonArray(input);
        return json;
    }

    [Fact]
    public void Load_DateBounds_AreReadFixedAndRelative()
    {
        var json = WithInput(new JsonObject { ["name"] = "on", ["type"] = "date", ["notBefore"] = "2000-01-01", ["notAfter"] = "today+730" });

        var input = WorkflowDefinitionLoader.Load(json.ToJsonString(), "mini.json", Vocabulary).Actions[0].Inputs[0];

        Assert.Equal(new DateOnly(2000, 1, 1), input.NotBefore!.On(new DateOnly(2026, 5, 1)));
        Assert.Equal(new DateOnly(2028, 4, 30), input.NotAfter!.On(new DateOnly(2026, 5, 1)));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("today+")]
    [InlineData("today*3")]
    [InlineData("2000-13-01")]
    [InlineData("today+99999999")]
    public void Load_UnreadableDateBound_NamesPath(string bound)
    {
        var fault = SingleFault(LoadFails(WithInput(new JsonObject { ["name"] = "on", ["type"] = "date", ["notAfter"] = bound })), "$.actions[0].inputs[0].notAfter");

        Assert.Contains("today+N", fault.Message);
    }

    [Fact]
    public void Load_DateBoundOnTextInput_NamesPath()
    {
        var fault = SingleFault(LoadFails(WithInput(new JsonObject { ["name"] = "note", ["type"] = "text", ["notBefore"] = "today" })), "$.actions[0].inputs[0].notBefore");

        Assert.Contains("only to date inputs", fault.Message);
    }

    [Theory]
    [InlineData("2020-01-01", "2019-12-31")]
    [InlineData("today+5", "today")]
    public void Load_NotBeforeLaterThanNotAfter_NamesPath(string notBefore, string notAfter)
    {
        var json = WithInput(new JsonObject { ["name"] = "on", ["type"] = "date", ["notBefore"] = notBefore, ["notAfter"] = notAfter });

        SingleFault(LoadFails(json), "$.actions[0].inputs[0].notBefore");
    }

    [Fact]
    public void Load_UnknownTargetStage_NamesFileAndPath()
    {
        var json = MinimalDefinition();
        json.Actions().Add(Action("detour", "open", "nowhere"));

        var ex = LoadFails(json);

        var fault = SingleFault(ex, "$.actions[1].to");
        Assert.Contains("unknown target stage 'nowhere'", fault.Message);
    }

    [Fact]
    public void Load_DuplicateActionId_NamesSecondDeclaration()
    {
        var json = MinimalDefinition();
        json.Actions().Add(Action("finish", "open", "done"));

        var fault = SingleFault(LoadFails(json), "$.actions[1].id");

        Assert.Contains("duplicate action id 'finish'", fault.Message);
    }

    [Fact]
    public void Load_DuplicateStageId_NamesSecondDeclaration()
    {
        var json = MinimalDefinition();
        json.Stages().Add(Stage("done"));

        var fault = SingleFault(LoadFails(json), "$.stages[2].id");

        Assert.Contains("duplicate stage id 'done'", fault.Message);
    }

    [Fact]
    public void Load_UnreachableStage_NamesStagePath()
    {
        var json = MinimalDefinition();
        json.Stages().Add(Stage("limbo"));

        var fault = SingleFault(LoadFails(json), "$.stages[2]");

        Assert.Contains("stage 'limbo' is unreachable from the initial stage 'open'", fault.Message);
    }

    [Fact]
    public void Load_StageReachableOnlyFromUnreachableStage_BothReported()
    {
        var json = MinimalDefinition();
        json.Stages().Add(Stage("limbo", final: false));
        json.Stages().Add(Stage("beyond"));
        json.Actions().Add(Action("onward", "limbo", "beyond"));

        var ex = LoadFails(json);

        Assert.Equal(["$.stages[2]", "$.stages[3]"], ex.Faults.Select(f => f.Path));
    }

    [Fact]
    public void Load_UnreachableStageAfterDuplicate_NamesItsOwnArrayIndex()
    {
        var json = MinimalDefinition();
        json.Stages().Add(Stage("done"));
        json.Stages().Add(Stage("limbo"));

        var ex = LoadFails(json);

        var unreachable = Assert.Single(ex.Faults, f => f.Message.Contains("unreachable", StringComparison.Ordinal));
        Assert.Equal("$.stages[3]", unreachable.Path);
    }

    [Fact]
    public void Load_MissingInitialStage_NamesInitialStagePath()
    {
        var json = MinimalDefinition();
        json.Remove("initialStage");

        var fault = SingleFault(LoadFails(json), "$.initialStage");

        Assert.Contains("missing initial stage", fault.Message);
    }

    [Fact]
    public void Load_InitialStageNotDeclared_NamesInitialStagePath()
    {
        var json = MinimalDefinition();
        json["initialStage"] = "start";

        var fault = SingleFault(LoadFails(json), "$.initialStage");

        Assert.Contains("initial stage 'start' is not a declared stage", fault.Message);
    }

    [Theory]
    [InlineData("ten days")]
    [InlineData("5 weeks")]
    [InlineData("5 days")]
    [InlineData("")]
    public void Load_MalformedDueDuration_NamesStageDuePath(string due)
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["due"] = due;

        var ex = LoadFails(json);

        var fault = Assert.Single(ex.Faults, f => f.Path == "$.stages[0].due");
        Assert.Equal("bad.json", fault.File);
        Assert.Contains($"malformed duration '{due}'", fault.Message);
        Assert.Contains($"bad.json: $.stages[0].due: malformed duration '{due}'", ex.Message);
    }

    [Fact]
    public void Load_NumericDuration_ReportedAsMalformed()
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["due"] = 5;

        var fault = Assert.Single(LoadFails(json).Faults, f => f.Path == "$.stages[0].due");

        Assert.Contains("malformed duration '5'", fault.Message);
    }

    [Fact]
    public void Load_MalformedReminderOffset_NamesReminderPath()
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["reminders"]![0]!["when"] = "before-due";
        json.Stages()[0]!["reminders"]![0]!["offset"] = "2 weeks";

        var ex = LoadFails(json);

        Assert.Contains(ex.Faults, f => f.Path == "$.stages[0].reminders[0].offset" && f.Message.Contains("malformed duration '2 weeks'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_InvalidJson_SaysInvalidJsonWithLine()
    {
        const string json = "{\n  \"definitionId\": \"mini\",\n  \"version\": ,\n  \"name\": \"Mini\"\n}";

        var ex = LoadFails(json);

        var fault = Assert.Single(ex.Faults);
        Assert.Equal("bad.json", fault.File);
        Assert.StartsWith("invalid JSON (line 3,", fault.Message);
        Assert.Contains("bad.json", ex.Message);
        Assert.Contains("invalid JSON (line 3,", ex.Message);
    }

    [Fact]
    public void Load_JsonArrayRoot_SaysDefinitionMustBeObject()
    {
        var fault = SingleFault(LoadFails("[]"), "$");

        Assert.Contains("must be a JSON object", fault.Message);
    }

    [Fact]
    public void Load_UnknownGuard_NamesGuardPath()
    {
        var json = MinimalDefinition();
        json.Actions()[0]!["guards"] = new JsonArray("actor-is-assignee", "claim-not-frozen");

        var fault = SingleFault(LoadFails(json), "$.actions[0].guards[1]");

        Assert.Contains("unknown guard 'claim-not-frozen'", fault.Message);
    }

    [Fact]
    public void Load_HostGuardInKnownGuards_Succeeds()
    {
        var json = MinimalDefinition();
        json.Actions()[0]!["guards"] = new JsonArray("claim-not-frozen");

        var definition = WorkflowDefinitionLoader.Load(json.ToJsonString(), "mini.json", Vocabulary.WithGuards("claim-not-frozen"));

        Assert.Equal(["claim-not-frozen"], definition.ActionsById["finish"].Guards);
    }

    [Fact]
    public void Load_RoutesNotCoveringEveryChoice_NamesRoutesPath()
    {
        var json = MinimalDefinition();
        json.Actions().Add(DecideAction(routeInput: "outcome", ("yes", "done")));

        var fault = SingleFault(LoadFails(json), "$.actions[1].routes");

        Assert.Contains("cover each of its values", fault.Message);
    }

    [Fact]
    public void Load_RoutesCoveringEveryChoice_Succeeds()
    {
        var json = MinimalDefinition();
        json.Actions().Add(DecideAction(routeInput: "outcome", ("yes", "done"), ("no", "open")));

        var definition = WorkflowDefinitionLoader.Load(json.ToJsonString(), "mini.json", Vocabulary);

        Assert.Equal(["done", "open"], definition.ActionsById["decide"].Targets);
    }

    [Fact]
    public void Load_RouteOnUndeclaredInput_NamesRouteInputPath()
    {
        var json = MinimalDefinition();
        json.Actions().Add(DecideAction(routeInput: "verdict", ("yes", "done"), ("no", "open")));

        var ex = LoadFails(json);

        Assert.Contains(ex.Faults, f => f.Path == "$.actions[1].routes[0].input" && f.Message.Contains("'verdict' is not an input", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ReminderWithUnknownRecipient_NamesRecipientPath()
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["reminders"]![0]!["recipient"] = "everyone";

        var fault = SingleFault(LoadFails(json), "$.stages[0].reminders[0].recipient");

        Assert.Contains("'everyone' is not one of", fault.Message);
        Assert.All(WorkflowVocabulary.StandardRecipients, r => Assert.Contains(r, fault.Message));
    }

    [Fact]
    public void Load_FinalStageWithDueDate_NamesStagePath()
    {
        var json = MinimalDefinition();
        json.Stages()[1]!["due"] = "3 calendar days";

        var fault = SingleFault(LoadFails(json), "$.stages[1]");

        Assert.Contains("final stage has no task and no due date", fault.Message);
    }

    [Fact]
    public void Load_SeveralFaults_ReportsEveryOneInMessage()
    {
        var json = MinimalDefinition();
        json.Actions().Add(Action("detour", "open", "nowhere"));
        json.Stages()[0]!["reminders"]![0]!["recipient"] = "everyone";

        var ex = LoadFails(json);

        Assert.Equal(2, ex.Faults.Count);
        Assert.StartsWith("Invalid workflow definitions:", ex.Message);
        Assert.All(ex.Faults, f => Assert.Contains(f.ToString(), ex.Message));
        Assert.Contains("bad.json: $.actions[1].to: unknown target stage 'nowhere'", ex.Message);
    }

    [Fact]
    public void Load_NullVersion_ReportsVersionFault()
    {
        var json = MinimalDefinition();
        json["version"] = null;

        var ex = LoadFails(json);

        Assert.Contains(ex.Faults, f => f.Path == "$.version");
    }

    [Fact]
    public void LoadDirectory_FileWithNullVersion_ReportsFault()
    {
        using var folder = new TempFolder();
        folder.Write("good.json", MinimalDefinition().ToJsonString());
        var bad = MinimalDefinition();
        bad["definitionId"] = "other";
        bad["version"] = null;
        folder.Write("bad.json", bad.ToJsonString());

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionLoader.LoadDirectory(folder.Path, Vocabulary));

        Assert.Contains(ex.Faults, f => f.File == "bad.json" && f.Path == "$.version");
    }

    [Fact]
    public void LoadDirectory_RealWorkflowsFolder_LoadsArticle21Point4VersionsOneAndTwo()
    {
        var definitions = WorkflowDefinitionLoader.LoadDirectory(WorkflowsDirectory, Vocabulary);

        Assert.Equal([1, 2], definitions.Where(d => d.DefinitionId == DefinitionId).Select(d => d.Version).Order());
        var definition = definitions.Single(d => d.DefinitionId == DefinitionId && d.Version == 1);
        Assert.Equal("intake", definition.InitialStage);
        Assert.Equal(RealStageIds, definition.Stages.Select(s => s.Id));
        Assert.Equal(RealActionIds, definition.Actions.Select(a => a.Id));
        Assert.Equal(DefinitionId + ".json", definition.Source);
        var followUp = definitions.Single(d => d.DefinitionId == "differential-follow-up");
        Assert.Equal(("check-pay", "unit-recognized"), (followUp.InitialStage, followUp.OpensWhen));
        Assert.Null(definition.OpensWhen);
    }

    [Fact]
    public void LoadDirectory_FolderWithBadFile_NamesOnlyTheBadFile()
    {
        using var folder = new TempFolder();
        folder.Write("good.json", MinimalDefinition().ToJsonString());
        var bad = MinimalDefinition();
        bad["definitionId"] = "other";
        bad.Actions().Add(Action("detour", "open", "nowhere"));
        folder.Write("bad.json", bad.ToJsonString());

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionLoader.LoadDirectory(folder.Path, Vocabulary));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal(("bad.json", "$.actions[1].to"), (fault.File, fault.Path));
        Assert.Contains("bad.json: $.actions[1].to: unknown target stage 'nowhere'", ex.Message);
        Assert.DoesNotContain("good.json", ex.Message);
    }

    [Fact]
    public void LoadDirectory_FolderWithInvalidJsonFile_NamesFileAndLine()
    {
        using var folder = new TempFolder();
        folder.Write("broken.json", "{\n  \"definitionId\": \"mini\"\n  \"version\": 1\n}");

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionLoader.LoadDirectory(folder.Path, Vocabulary));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal("broken.json", fault.File);
        Assert.StartsWith("invalid JSON (line 3,", fault.Message);
    }

    [Fact]
    public void LoadDirectory_SameIdAndVersionInTwoFiles_ReportsDuplicateVersion()
    {
        using var folder = new TempFolder();
        folder.Write("a.json", MinimalDefinition().ToJsonString());
        folder.Write("b.json", MinimalDefinition().ToJsonString());

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionLoader.LoadDirectory(folder.Path, Vocabulary));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal(("b.json", "$.version"), (fault.File, fault.Path));
        Assert.Contains("'mini' version 1 is declared by more than one file", fault.Message);
    }

    [Fact]
    public void LoadDirectory_TwoVersionsOfOneDefinition_LoadsBoth()
    {
        using var folder = new TempFolder();
        folder.Write("a.json", MinimalDefinition().ToJsonString());
        var second = MinimalDefinition();
        second["version"] = 2;
        folder.Write("b.json", second.ToJsonString());

        var definitions = WorkflowDefinitionLoader.LoadDirectory(folder.Path, Vocabulary);

        Assert.Equal([1, 2], definitions.Select(d => d.Version).Order());
    }

    [Fact]
    public void LoadDirectory_EmptyFolder_SaysNoDefinition()
    {
        using var folder = new TempFolder();

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionLoader.LoadDirectory(folder.Path, Vocabulary));

        Assert.Contains("holds no *.json definition", Assert.Single(ex.Faults).Message);
    }

    [Fact]
    public void LoadDirectory_MissingFolder_SaysFolderDoesNotExist()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-workflows-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionLoader.LoadDirectory(missing, Vocabulary));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal(missing, fault.File);
        Assert.Contains("does not exist", fault.Message);
    }

    private static DefinitionFault SingleFault(WorkflowDefinitionException ex, string path)
    {
        var fault = Assert.Single(ex.Faults);
        Assert.Equal("bad.json", fault.File);
        Assert.Equal(path, fault.Path);
        Assert.Equal($"Invalid workflow definition: bad.json: {path}: {fault.Message}", ex.Message);
        return fault;
    }

    private static JsonObject DecideAction(string routeInput, params (string Value, string To)[] routes) => new()
    {
        ["id"] = "decide",
        ["name"] = "Decide",
        ["from"] = new JsonArray("open"),
        ["roles"] = new JsonArray("Mrc"),
        ["inputs"] = new JsonArray(new JsonObject { ["name"] = "outcome", ["type"] = "choice", ["values"] = new JsonArray("yes", "no") }),
        ["routes"] = new JsonArray([.. routes.Select(r => (JsonNode)new JsonObject { ["input"] = routeInput, ["equals"] = r.Value, ["to"] = r.To })]),
    };

    private sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "workflow-tests-" + Guid.NewGuid().ToString("N"));

        public void Write(string name, string content) => File.WriteAllText(System.IO.Path.Combine(Path, name), content);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
