namespace CallCenterRecognition.Workflows;

/// <summary>
/// The loaded definitions, by id and version, and which version of each new instances start on (the published one).
/// Versions are added and published while the host runs; readers see one consistent snapshot at a time.
/// </summary>
public sealed class WorkflowRegistry
{
    private Snapshot current;

    /// <summary>Creates a registry over already validated definitions; the newest version of each is published.</summary>
    public WorkflowRegistry(IEnumerable<WorkflowDefinition> definitions)
    {
        var list = definitions.ToList();
        current = new Snapshot(
            list.ToDictionary(d => (d.DefinitionId, d.Version)),
            list.GroupBy(d => d.DefinitionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(d => d.Version), StringComparer.Ordinal));
    }

    /// <summary>The published version of each definition, ordered by id.</summary>
    public IReadOnlyList<WorkflowDefinition> Latest
    {
        get
        {
            var snapshot = current;
            return [.. snapshot.Published.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => snapshot.ByVersion[(p.Key, p.Value)])];
        }
    }

    /// <summary>Every loaded version of every definition.</summary>
    public IReadOnlyCollection<WorkflowDefinition> All => current.ByVersion.Values;

    /// <summary>The version of <paramref name="definitionId"/> new instances start on, or null.</summary>
    public WorkflowDefinition? FindLatest(string definitionId)
    {
        var snapshot = current;
        return snapshot.Published.TryGetValue(definitionId, out var version) ? snapshot.ByVersion[(definitionId, version)] : null;
    }

    /// <summary>The newest loaded version of <paramref name="definitionId"/>, published or not; 0 when none.</summary>
    public int NewestVersion(string definitionId) =>
        current.ByVersion.Keys.Where(k => k.Id == definitionId).Select(k => k.Version).DefaultIfEmpty(0).Max();

    /// <summary>A specific version, or null.</summary>
    public WorkflowDefinition? Find(string definitionId, int version) => current.ByVersion.GetValueOrDefault((definitionId, version));

    /// <summary>The version an instance is pinned to; throws when it is no longer loaded.</summary>
    public WorkflowDefinition Get(string definitionId, int version) =>
        Find(definitionId, version) ?? throw new InvalidOperationException($"Workflow definition '{definitionId}' version {version} is not loaded.");

    /// <summary>Adds a version (published when <paramref name="publish"/>); a version already loaded is left as it is.</summary>
    /// <returns>False when that id and version were already loaded.</returns>
    public bool Add(WorkflowDefinition definition, bool publish)
    {
        lock (this)
        {
            var snapshot = current;
            var key = (definition.DefinitionId, definition.Version);
            if (snapshot.ByVersion.ContainsKey(key))
            {
                if (publish)
                {
                    Publish(definition.DefinitionId, definition.Version);
                }

                return false;
            }

            var byVersion = new Dictionary<(string, int), WorkflowDefinition>(snapshot.ByVersion) { [key] = definition };
            var published = new Dictionary<string, int>(snapshot.Published, StringComparer.Ordinal);
            if (publish || !published.ContainsKey(definition.DefinitionId))
            {
                published[definition.DefinitionId] = definition.Version;
            }

            current = new Snapshot(byVersion, published);
            return true;
        }
    }

    /// <summary>Makes a loaded version the one new instances start on.</summary>
    public void Publish(string definitionId, int version)
    {
        lock (this)
        {
            var snapshot = current;
            if (!snapshot.ByVersion.ContainsKey((definitionId, version)))
            {
                throw new InvalidOperationException($"Workflow definition '{definitionId}' version {version} is not loaded.");
            }

            current = snapshot with { Published = new Dictionary<string, int>(snapshot.Published, StringComparer.Ordinal) { [definitionId] = version } };
        }
    }

    private sealed record Snapshot(Dictionary<(string Id, int Version), WorkflowDefinition> ByVersion, Dictionary<string, int> Published);
}
