namespace CallCenterRecognition.Workflows;

/// <summary>The workflow state of one instance, pinned to the definition version it started on.</summary>
/// <param name="DefinitionId">The definition the instance runs.</param>
/// <param name="DefinitionVersion">The pinned definition version.</param>
/// <param name="Stage">The current stage id.</param>
/// <param name="StageEnteredAt">When the current stage was entered.</param>
/// <param name="DueAt">When the current stage's task is due, or null.</param>
/// <param name="FollowUpAt">When to look at the task again, or null.</param>
/// <param name="AssigneeId">The user the instance is assigned to, or null.</param>
/// <param name="Version">Concurrency version: one more after every action.</param>
/// <param name="JournalSequence">Sequence number of the last journal entry.</param>
/// <param name="JournalHash">Hash of the last journal entry.</param>
public sealed record WorkflowInstanceState(
    string DefinitionId,
    int DefinitionVersion,
    string Stage,
    DateTimeOffset StageEnteredAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? FollowUpAt,
    string? AssigneeId,
    int Version,
    long JournalSequence,
    string JournalHash);

/// <summary>The person firing an action.</summary>
/// <param name="Id">User id.</param>
/// <param name="Name">Display name, recorded in the journal.</param>
/// <param name="Roles">The roles the person holds.</param>
public sealed record WorkflowActor(string Id, string Name, IReadOnlyCollection<string> Roles)
{
    /// <summary>True when the actor holds <paramref name="role"/>.</summary>
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>A workflow's open human task: who it waits for and when (Camunda's words).</summary>
/// <param name="Stage">The stage waiting.</param>
/// <param name="AssigneeRole">The role that should act, or <c>assignee</c>.</param>
/// <param name="AssigneeId">The assigned user, if any.</param>
/// <param name="DueAt">Due date.</param>
/// <param name="FollowUpAt">Follow-up date.</param>
public sealed record HumanTask(string Stage, string AssigneeRole, string? AssigneeId, DateTimeOffset? DueAt, DateTimeOffset? FollowUpAt);
