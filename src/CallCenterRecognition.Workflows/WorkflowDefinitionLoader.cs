using System.Text.Json;

namespace CallCenterRecognition.Workflows;

/// <summary>Reads workflow definitions from JSON and checks them before anything runs on them.</summary>
/// <remarks>
/// Three steps: <see cref="DefinitionJson"/> reads values and refuses unknown keys, naming JSON paths;
/// <see cref="DefinitionShapeReader"/> builds stages and actions; <see cref="DefinitionValidator"/> checks references
/// between them and to the host's <see cref="WorkflowVocabulary"/>. Every fault of every file is reported at once.
/// </remarks>
public static class WorkflowDefinitionLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Loads every <c>*.json</c> file in <paramref name="directory"/>; throws <see cref="WorkflowDefinitionException"/> naming every fault in every file.</summary>
    /// <param name="directory">The folder of definition files.</param>
    /// <param name="vocabulary">The names the host registers; a definition naming another is invalid.</param>
    public static IReadOnlyList<WorkflowDefinition> LoadDirectory(string directory, WorkflowVocabulary vocabulary)
    {
        if (!Directory.Exists(directory))
        {
            throw new WorkflowDefinitionException([new DefinitionFault(directory, "$", "the workflow folder does not exist")]);
        }

        var faults = new List<DefinitionFault>();
        var definitions = new List<WorkflowDefinition>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (Parse(File.ReadAllText(file), Path.GetFileName(file), vocabulary, faults) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        foreach (var duplicate in definitions.GroupBy(d => (d.DefinitionId, d.Version)).Where(g => g.Count() > 1))
        {
            faults.Add(new DefinitionFault(duplicate.Last().Source ?? "?", "$.version", $"definition '{duplicate.Key.DefinitionId}' version {duplicate.Key.Version} is declared by more than one file"));
        }

        if (faults.Count > 0)
        {
            throw new WorkflowDefinitionException(faults);
        }

        if (definitions.Count == 0)
        {
            throw new WorkflowDefinitionException([new DefinitionFault(directory, "$", "the workflow folder holds no *.json definition")]);
        }

        return definitions;
    }

    /// <summary>Parses one definition; throws <see cref="WorkflowDefinitionException"/> naming every fault.</summary>
    /// <param name="json">The definition's JSON text.</param>
    /// <param name="fileName">Names the source in faults.</param>
    /// <param name="vocabulary">The names the host registers.</param>
    public static WorkflowDefinition Load(string json, string fileName, WorkflowVocabulary vocabulary)
    {
        var faults = new List<DefinitionFault>();
        var definition = Parse(json, fileName, vocabulary, faults);
        if (faults.Count > 0 || definition is null)
        {
            throw new WorkflowDefinitionException(faults);
        }

        return definition;
    }

    private static WorkflowDefinition? Parse(string text, string file, WorkflowVocabulary vocabulary, List<DefinitionFault> faults)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            faults.Add(new DefinitionFault(file, string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, $"invalid JSON{where}"));
            return null;
        }

        using (document)
        {
            var json = new DefinitionJson(file, faults);
            var faultsBefore = faults.Count;
            var draft = new DefinitionShapeReader(json).Read(document.RootElement);
            if (draft is null)
            {
                return null;
            }

            var definition = new DefinitionValidator(json, vocabulary).Validate(draft);
            if (faults.Count > faultsBefore || definition is null)
            {
                return null;
            }

            definition.Json = text;
            return definition;
        }
    }
}
