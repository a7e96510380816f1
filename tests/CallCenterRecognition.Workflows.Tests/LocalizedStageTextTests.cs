using System.Text.Json.Nodes;
using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

// Stage names and descriptions members read may be a string (English) or texts by language tag.
public sealed class LocalizedStageTextTests
{
    private static JsonObject Texts(string en, string? es = null, string? zh = null)
    {
        var texts = new JsonObject { ["en"] = en };
        if (es is not null)
        {
            texts["es"] = es;
        }

        if (zh is not null)
        {
            texts["zh-Hant"] = zh;
        }

        return texts;
    }

    private static WorkflowDefinition Mini(Action<JsonObject> stage, WorkflowVocabulary? vocabulary = null)
    {
        var root = MinimalDefinition();
        var other = root["stages"]![1]!.AsObject();
        other["name"] = Texts(other["name"]!.GetValue<string>(), "Cerrado", "已結案");
        stage(root["stages"]![0]!.AsObject());
        return WorkflowDefinitionLoader.Load(root.ToJsonString(), "mini.json", vocabulary ?? Vocabulary);
    }

    [Fact]
    public void Load_StageTextsByLanguage_ReadsEachAndFallsBackToEnglish()
    {
        var definition = Mini(stage =>
        {
            stage["name"] = Texts("Open", "Abierto", "處理中");
            stage["description"] = Texts("Being handled.", "Se está atendiendo.", "正在處理。");
        });

        var stage = definition.Stages[0];
        Assert.Equal("Open", stage.Name);
        Assert.Equal("Abierto", stage.NameIn("es"));
        Assert.Equal("Abierto", stage.NameIn("es-MX"));
        Assert.Equal("處理中", stage.NameIn("zh-Hant"));
        Assert.Equal("Open", stage.NameIn("vi"));
        Assert.Equal("Se está atendiendo.", stage.DescriptionIn("es"));
        Assert.Equal("Being handled.", stage.DescriptionIn(null));
        Assert.Empty(definition.TranslationWarnings);
    }

    [Fact]
    public void Load_PlainStringStageText_IsEnglishWithAWarningPerMissingLanguage()
    {
        var definition = Mini(stage => stage["description"] = "Being handled.");

        Assert.Equal("Being handled.", definition.Stages[0].DescriptionIn("es"));
        Assert.Equal(
            [("$.stages[0].name", "no text in es, zh-Hant; members reading those see the English"), ("$.stages[0].description", "no text in es, zh-Hant; members reading those see the English")],
            definition.TranslationWarnings.Select(w => (w.Path, w.Message)).ToArray());
        Assert.All(definition.TranslationWarnings, w => Assert.Equal("mini.json", w.File));
    }

    [Fact]
    public void Load_OnlyEnglishOffered_NoWarnings()
    {
        var definition = Mini(stage => stage["description"] = "Being handled.", new WorkflowVocabulary(GuardNames, templates: ["open-due"]));

        Assert.Empty(definition.TranslationWarnings);
    }

    [Fact]
    public void Load_TextsWithoutEnglish_FaultAtTheEnglishPath()
    {
        var ex = Assert.Throws<WorkflowDefinitionException>(() => Mini(stage => stage["description"] = new JsonObject { ["es"] = "Abierto" }));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal(("mini.json", "$.stages[0].description.en"), (fault.File, fault.Path));
        Assert.Contains("English", fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Spanish", "$.stages[0].description.Spanish")]
    [InlineData("es", "$.stages[0].description.es")]
    public void Load_BadLanguageTagOrEmptyText_FaultNamesThePath(string key, string path)
    {
        var ex = Assert.Throws<WorkflowDefinitionException>(() => Mini(stage => stage["description"] = new JsonObject { ["en"] = "Open.", [key] = key == "es" ? "" : "Abierto" }));

        Assert.Equal(path, Assert.Single(ex.Faults).Path);
    }

    [Fact]
    public void LoadDirectory_ShippedDefinitions_HaveSpanishAndChineseForEveryStageText()
    {
        var definitions = WorkflowDefinitionLoader.LoadDirectory(WorkflowsDirectory, Vocabulary);

        Assert.All(definitions, d => Assert.Empty(d.TranslationWarnings));
        var collection = LoadReal().StagesById["document-collection"];
        Assert.Equal("Reunión de documentos", collection.NameIn("es"));
        Assert.Equal("收集文件", collection.NameIn("zh-Hant"));
    }
}
