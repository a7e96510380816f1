namespace CallCenterRecognition.Workflows;

/// <summary>What becomes of an instance in one stage when it moves to another version.</summary>
public enum MigrationResult
{
    /// <summary>The stage exists in the new version under the same id.</summary>
    Ok,

    /// <summary>The stage map names the stage it becomes.</summary>
    Mapped,

    /// <summary>The stage is gone from the new version and the map does not say where it goes: the instance stays pinned.</summary>
    Blocked,
}

/// <summary>
/// Moves instances from one version of a definition to another (Elsa's alterations, Camunda's instance migration): a
/// stage map for stages that were renamed or removed, the due date kept unless the stage's duration changed.
/// </summary>
public sealed class WorkflowMigration
{
    /// <summary>Creates a migration plan; throws <see cref="ArgumentException"/> naming what is wrong with the map.</summary>
    /// <param name="from">The version instances are pinned to.</param>
    /// <param name="to">The version they move to.</param>
    /// <param name="stageMap">Old stage id → new stage id, for stages not in <paramref name="to"/> under the same id.</param>
    public WorkflowMigration(WorkflowDefinition from, WorkflowDefinition to, IReadOnlyDictionary<string, string>? stageMap = null)
    {
        if (from.DefinitionId != to.DefinitionId)
        {
            throw new ArgumentException($"Cannot migrate from '{from.DefinitionId}' to another definition, '{to.DefinitionId}'.", nameof(to));
        }

        if (from.Version == to.Version)
        {
            throw new ArgumentException("The versions to migrate between are the same.", nameof(to));
        }

        var map = stageMap ?? new Dictionary<string, string>();
        foreach (var (old, target) in map)
        {
            if (!from.StagesById.ContainsKey(old))
            {
                throw new ArgumentException($"stageMap names '{old}', which is not a stage of version {from.Version}.", nameof(stageMap));
            }

            if (!to.StagesById.TryGetValue(target, out var stage))
            {
                throw new ArgumentException($"stageMap sends '{old}' to '{target}', which is not a stage of version {to.Version}.", nameof(stageMap));
            }

            if (stage.Final != from.StagesById[old].Final)
            {
                throw new ArgumentException($"stageMap sends '{old}' to '{target}', but one of them is final and the other is not.", nameof(stageMap));
            }
        }

        From = from;
        To = to;
        StageMap = map;
    }

    /// <summary>The version instances leave.</summary>
    public WorkflowDefinition From { get; }

    /// <summary>The version instances move to.</summary>
    public WorkflowDefinition To { get; }

    /// <summary>Old stage id → new stage id.</summary>
    public IReadOnlyDictionary<string, string> StageMap { get; }

    /// <summary>What happens to an instance in <paramref name="stage"/>, and the stage it will be in.</summary>
    public (MigrationResult Result, string? Stage) ResultFor(string stage) =>
        StageMap.TryGetValue(stage, out var mapped) ? (MigrationResult.Mapped, mapped)
        : To.StagesById.ContainsKey(stage) ? (MigrationResult.Ok, stage)
        : (MigrationResult.Blocked, null);

    /// <summary>
    /// The instance on the new version, with a <c>migrated</c> journal entry; null when it is blocked or not on
    /// <see cref="From"/>. The stage's entry time is kept; the due and follow-up dates too, unless the stage's duration changed.
    /// </summary>
    public (WorkflowInstanceState State, JournalEntry Entry)? Apply(WorkflowInstanceState state, WorkflowActor actor, IWorkCalendar calendar, DateTimeOffset now)
    {
        if (state.DefinitionId != From.DefinitionId || state.DefinitionVersion != From.Version)
        {
            return null;
        }

        var (result, target) = ResultFor(state.Stage);
        if (result == MigrationResult.Blocked || target is null)
        {
            return null;
        }

        var old = From.StagesById[state.Stage];
        var stage = To.StagesById[target];
        var due = old.Due == stage.Due ? state.DueAt : stage.Due is { } d ? calendar.AddDuration(state.StageEnteredAt, d) : null;
        var followUp = old.FollowUp == stage.FollowUp ? state.FollowUpAt : stage.FollowUp is { } f ? calendar.AddDuration(state.StageEnteredAt, f) : null;
        var data = System.Text.Json.JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["fromVersion"] = From.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["toVersion"] = To.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var entry = JournalChain.Append(state.JournalSequence, state.JournalHash, now, actor, "migrated", state.Stage, target, data);
        return (state with
        {
            DefinitionVersion = To.Version,
            Stage = target,
            DueAt = due,
            FollowUpAt = followUp,
            Version = state.Version + 1,
            JournalSequence = entry.Sequence,
            JournalHash = entry.Hash,
        }, entry);
    }
}
