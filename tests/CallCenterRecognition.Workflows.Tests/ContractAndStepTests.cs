using System.Text.Json.Nodes;
using CallCenterRecognition.Workflows;
using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

public sealed class ContractAndStepTests
{
    [Fact]
    public void Load_ContractAndStep_ReadIntoDefinitionAndStage()
    {
        var definition = LoadVariant(json =>
        {
            json["contract"] = new JsonObject { ["article"] = "21", ["section"] = "21.4", ["title"] = "Call Centers" };
            json["stages"]![3]!["step"] = "Step 1";
        });

        Assert.Equal(new ContractReference("21", "21.4", "Call Centers"), definition.Contract);
        Assert.Equal("Step 1", definition.Stages[3].Step);
        Assert.All(definition.Stages.Where((_, i) => i != 3), s => Assert.Null(s.Step));
    }

    [Fact]
    public void Load_RealDefinitions_NameArticle214OrNothing()
    {
        // Version 1 predates the key and keeps its stored text; version 2 names what the packet falls back to anyway.
        Assert.Null(LoadReal().Contract);
        var v2 = WorkflowDefinitionLoader.Load(File.ReadAllText(Path.Combine(WorkflowsDirectory, DefinitionId + ".v2.json")), "v2.json", Vocabulary);
        Assert.Equal(new ContractReference("21", "21.4", "Call Centers"), v2.Contract);
    }

    [Theory]
    [InlineData("21", "19.2", "$.contract.section")]
    [InlineData("21", "21.", "$.contract.section")]
    [InlineData("21", "21.4; DROP", "$.contract.section")]
    [InlineData("Twenty-one", "Twenty-one.4", "$.contract.article")]
    public void Load_ContractSectionNotOfItsArticle_NamesPath(string article, string section, string path)
    {
        var ex = Assert.Throws<WorkflowDefinitionException>(() => LoadVariant(json =>
            json["contract"] = new JsonObject { ["article"] = article, ["section"] = section, ["title"] = "Call Centers" }));

        Assert.Contains(ex.Faults, f => f.Path == path);
    }

    [Fact]
    public void Load_ContractWithUnknownOrMissingKey_NamesPath()
    {
        var ex = Assert.Throws<WorkflowDefinitionException>(() => LoadVariant(json =>
            json["contract"] = new JsonObject { ["article"] = "21", ["sectoin"] = "21.4", ["title"] = "Call Centers" }));

        Assert.Contains(ex.Faults, f => f.Path == "$.contract.sectoin" && f.Message.Contains("did you mean 'section'", StringComparison.Ordinal));
        Assert.Contains(ex.Faults, f => f.Path == "$.contract.section" && f.Message == "missing");
    }

    [Theory]
    [InlineData("Step 1\nStep 2")]
    [InlineData("A step name far longer than any grievance form has room for, which would run off the statement page")]
    public void Load_StepNotOneShortLine_NamesPath(string step)
    {
        var ex = Assert.Throws<WorkflowDefinitionException>(() => LoadVariant(json => json["stages"]![3]!["step"] = step));

        Assert.Contains(ex.Faults, f => f.Path == "$.stages[3].step");
    }
}
