namespace CallCenterRecognition.Workflows;

/// <summary>The loaded definitions, by id and version.</summary>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<(string Id, int Version), WorkflowDefinition> byVersion;
    private readonly Dictionary<string, WorkflowDefinition> latest;

    /// <summary>Creates a registry over already validated definitions.</summary>
    public WorkflowRegistry(IEnumerable<WorkflowDefinition> definitions)
    {
        var list = definitions.ToList();
        byVersion = list.ToDictionary(d => (d.DefinitionId, d.Version));
        latest = list.GroupBy(d => d.DefinitionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!, StringComparer.Ordinal);
    }

    /// <summary>The newest version of each definition, ordered by id.</summary>
    public IReadOnlyList<WorkflowDefinition> Latest => [.. latest.Values.OrderBy(d => d.DefinitionId, StringComparer.Ordinal)];

    /// <summary>Every loaded version of every definition.</summary>
    public IReadOnlyCollection<WorkflowDefinition> All => byVersion.Values;

    /// <summary>The newest version of <paramref name="definitionId"/>, or null.</summary>
    public WorkflowDefinition? FindLatest(string definitionId) => latest.GetValueOrDefault(definitionId);

    /// <summary>A specific version, or null.</summary>
    public WorkflowDefinition? Find(string definitionId, int version) => byVersion.GetValueOrDefault((definitionId, version));

    /// <summary>The version an instance is pinned to; throws when it is no longer loaded.</summary>
    public WorkflowDefinition Get(string definitionId, int version) =>
        Find(definitionId, version) ?? throw new InvalidOperationException($"Workflow definition '{definitionId}' version {version} is not loaded.");
}
