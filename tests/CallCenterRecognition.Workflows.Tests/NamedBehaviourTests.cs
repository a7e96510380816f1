using System.Text.Json.Nodes;
using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

// Behaviour is named in the definition and registered by the host; a name, key or template nobody registered is refused.
public sealed class NamedBehaviourTests
{
    private static DefinitionFault SingleFault(WorkflowDefinitionException ex, string path)
    {
        var fault = Assert.Single(ex.Faults);
        Assert.Equal(path, fault.Path);
        Assert.Equal("bad.json", fault.File);
        return fault;
    }

    private static JsonObject WithConfirmableAction(JsonArray checks)
    {
        var json = MinimalDefinition();
        var action = json.Actions()[0]!.AsObject();
        action["checks"] = checks;
        action["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "confirmMissingEvidence", ["type"] = "choice", ["values"] = new JsonArray("true", "false"), ["required"] = false,
        });
        return json;
    }

    [Fact]
    public void Load_MisspelledReminderKey_NamesPathAndSuggestsTheKey()
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["reminders"]![0]!["repeats"] = "2 business days";

        var fault = SingleFault(LoadFails(json), "$.stages[0].reminders[0].repeats");

        Assert.Contains("unknown key 'repeats'", fault.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'repeat'", fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$", "owner")]
    [InlineData("$.stages[0]", "dueIn")]
    [InlineData("$.actions[0]", "role")]
    public void Load_UnknownKeyAnywhere_IsRefusedWithItsPath(string objectPath, string key)
    {
        var json = MinimalDefinition();
        JsonObject target = objectPath switch
        {
            "$" => json,
            "$.stages[0]" => json.Stages()[0]!.AsObject(),
            _ => json.Actions()[0]!.AsObject(),
        };
        target[key] = "x";

        var fault = SingleFault(LoadFails(json), $"{objectPath}.{key}");

        Assert.Contains($"unknown key '{key}'", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnregisteredCheck_NamesCheckPathAndTheRegisteredOnes()
    {
        var fault = SingleFault(LoadFails(WithConfirmableAction(["evidence-complete"])), "$.actions[0].checks[0]");

        Assert.Contains("unknown check 'evidence-complete'", fault.Message, StringComparison.Ordinal);
        Assert.Contains("essential-evidence", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RegisteredCheckWithItsConfirmInput_Loads()
    {
        var definition = WorkflowDefinitionLoader.Load(WithConfirmableAction(["essential-evidence"]).ToJsonString(), "mini.json", Vocabulary);

        Assert.Equal(["essential-evidence"], definition.Actions[0].Checks);
    }

    [Fact]
    public void Load_CheckWithoutItsConfirmInput_NamesCheckPath()
    {
        var json = MinimalDefinition();
        json.Actions()[0]!["checks"] = new JsonArray("essential-evidence");

        var fault = SingleFault(LoadFails(json), "$.actions[0].checks[0]");

        Assert.Contains("confirmMissingEvidence", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnregisteredEffect_NamesEffectPath()
    {
        var json = MinimalDefinition();
        json.Actions()[0]!["effects"] = new JsonArray("freeze-packet", "email-calhr");

        var fault = SingleFault(LoadFails(json), "$.actions[0].effects[1]");

        Assert.Contains("unknown effect 'email-calhr'", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnregisteredMilestone_NamesMilestonePath()
    {
        var json = MinimalDefinition();
        json.Stages()[1]!["milestone"] = "won";

        var fault = SingleFault(LoadFails(json), "$.stages[1].milestone");

        Assert.Contains("unknown milestone 'won'", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnregisteredOpenCondition_NamesOpensWhenPath()
    {
        var json = MinimalDefinition();
        json["opensWhen"] = "unit-blessed";

        var fault = SingleFault(LoadFails(json), "$.opensWhen");

        Assert.Contains("unknown open condition 'unit-blessed'", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RegisteredOpenCondition_KeptOnTheDefinition()
    {
        var json = MinimalDefinition();
        json["opensWhen"] = "unit-recognized";

        var definition = WorkflowDefinitionLoader.Load(json.ToJsonString(), "variant.json", Vocabulary);

        Assert.Equal("unit-recognized", definition.OpensWhen);
    }

    [Fact]
    public void Load_TemplateNobodyRegistered_NamesTemplatePath()
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["reminders"]![0]!["template"] = "open-overdue";

        var fault = SingleFault(LoadFails(json), "$.stages[0].reminders[0].template");

        Assert.Contains("unknown template 'open-overdue'", fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("publish", "unknown action 'publish'")]
    [InlineData("finish", null)]
    public void Load_PrimaryAction_MustExistAndLeaveItsStage(string primary, string? expected)
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["primary"] = primary;

        if (expected is null)
        {
            Assert.Equal("finish", WorkflowDefinitionLoader.Load(json.ToJsonString(), "mini.json", Vocabulary).StagesById["open"].Primary);
            return;
        }

        Assert.Contains(expected, SingleFault(LoadFails(json), "$.stages[0].primary").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PrimaryActionFromAnotherStage_IsRefused()
    {
        var json = MinimalDefinition();
        json.Stages().Add(Stage("later", final: false));
        json.Actions().Add(Action("to-later", "open", "later"));
        json.Actions().Add(Action("close-later", "later", "done"));
        json.Stages()[0]!["primary"] = "close-later";

        var fault = SingleFault(LoadFails(json), "$.stages[0].primary");

        Assert.Contains("cannot be fired from stage 'open'", fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sealed")]
    [InlineData("LOCKED")]
    public void Load_DocumentsNeitherOpenNorLocked_IsRefused(string value)
    {
        var json = MinimalDefinition();
        json.Stages()[0]!["documents"] = value;

        Assert.Contains("is not one of open, locked", SingleFault(LoadFails(json), "$.stages[0].documents").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FinalStage_DocumentsLockedByDefault()
    {
        var definition = WorkflowDefinitionLoader.Load(MinimalDefinition().ToJsonString(), "mini.json", Vocabulary);

        Assert.Equal(DocumentPolicy.Open, definition.StagesById["open"].Documents);
        Assert.Equal(DocumentPolicy.Locked, definition.StagesById["done"].Documents);
    }

    [Fact]
    public void LoadReal_VersionOne_NamesTheBehaviourThatUsedToBeCode()
    {
        var definition = LoadReal();

        var filing = definition.ActionsById["file-grievance"];
        Assert.Equal(["essential-evidence"], filing.Checks);
        Assert.Equal(["freeze-packet"], filing.Effects);
        Assert.Equal(DocumentPolicy.Open, definition.StagesById["document-collection"].Documents);
        Assert.All(["calhr-review", "recognized", "denied", "differential-granted", "closed", "withdrawn"],
            stage => Assert.Equal(DocumentPolicy.Locked, definition.StagesById[stage].Documents));
        Assert.Equal("recognized", definition.StagesById["recognized"].Milestone);
        Assert.Equal("differential-granted", definition.StagesById["differential-granted"].Milestone);
        Assert.Equal("refer", definition.StagesById["intake"].Primary);
        Assert.Equal("file-grievance", definition.StagesById["document-collection"].Primary);
    }

    [Fact]
    public void VersionTwo_Reassign_PermittedInEveryOpenStageWithAnAssignee()
    {
        var v2 = WorkflowDefinitionLoader.LoadDirectory(WorkflowsDirectory, Vocabulary).Single(d => d.DefinitionId == DefinitionId && d.Version == 2);

        var reassign = v2.ActionsById["reassign"];
        var assigned = v2.Stages.Where(s => !s.Final && s.TaskRole == "assignee").Select(s => s.Id);
        Assert.Equal(assigned.Order(), reassign.From.Order());
        Assert.True(reassign.StaysInStage);
        Assert.Equal("representativeId", reassign.Assign);
    }

    [Fact]
    public void VersionTwo_ReassignInDocumentCollection_KeepsStageAndDueAndChangesAssignee()
    {
        var v2 = WorkflowDefinitionLoader.LoadDirectory(WorkflowsDirectory, Vocabulary).Single(d => d.DefinitionId == DefinitionId && d.Version == 2);
        var claim = Claim.Start(v2).ReferTo("rep-1");
        claim.Fire("accept", Rep("rep-1"));
        var due = claim.State.DueAt;

        claim.Fire("reassign", Ccwg(), ("representativeId", "rep-2"));

        Assert.Equal("document-collection", claim.State.Stage);
        Assert.Equal(due, claim.State.DueAt);
        Assert.Equal("rep-2", claim.State.AssigneeId);
    }

    [Fact]
    public void VersionOne_ReassignInDocumentCollection_NotPermitted()
    {
        var claim = Claim.Start().ReferTo("rep-1");
        claim.Fire("accept", Rep("rep-1"));

        var result = claim.Try("reassign", Ccwg(), Inputs(("representativeId", "rep-2")));

        Assert.Equal(FireFailure.NotPermittedInStage, result.Failure);
    }
}
