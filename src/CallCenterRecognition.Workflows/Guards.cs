namespace CallCenterRecognition.Workflows;

/// <summary>How a guard refusal should be reported.</summary>
public enum GuardRefusal
{
    /// <summary>The actor may not do this (HTTP 403).</summary>
    Forbidden,

    /// <summary>An input makes the action invalid (HTTP 400, naming the field).</summary>
    InvalidInput,

    /// <summary>The instance's state does not allow it right now (HTTP 409).</summary>
    Conflict,
}

/// <summary>What a guard decided.</summary>
/// <param name="Allowed">True when the action may go ahead.</param>
/// <param name="Refusal">How to report a refusal.</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Field">The input at fault, for <see cref="GuardRefusal.InvalidInput"/>.</param>
public sealed record GuardResult(bool Allowed, GuardRefusal Refusal = GuardRefusal.Forbidden, string? Reason = null, string? Field = null)
{
    /// <summary>The action may go ahead.</summary>
    public static readonly GuardResult Allow = new(true);

    /// <summary>Refuses the action.</summary>
    public static GuardResult Deny(GuardRefusal refusal, string reason, string? field = null) => new(false, refusal, reason, field);
}

/// <summary>What a guard sees.</summary>
/// <param name="Definition">The pinned definition.</param>
/// <param name="State">The instance before the action.</param>
/// <param name="Action">The action being fired.</param>
/// <param name="Actor">Who fires it.</param>
/// <param name="Inputs">The validated inputs as strings.</param>
public sealed record GuardContext(
    WorkflowDefinition Definition,
    WorkflowInstanceState State,
    ActionDefinition Action,
    WorkflowActor Actor,
    IReadOnlyDictionary<string, string> Inputs);

/// <summary>A named condition a definition can attach to actions.</summary>
public interface IWorkflowGuard
{
    /// <summary>The name definitions use.</summary>
    string Name { get; }

    /// <summary>Decides whether the action may go ahead. <see cref="GuardContext.Inputs"/> is empty when asked only which actions are permitted.</summary>
    GuardResult Evaluate(GuardContext context);
}

/// <summary>A guard from a delegate.</summary>
/// <param name="Name">The name definitions use.</param>
/// <param name="Evaluator">The decision.</param>
public sealed record DelegateGuard(string Name, Func<GuardContext, GuardResult> Evaluator) : IWorkflowGuard
{
    /// <inheritdoc />
    public GuardResult Evaluate(GuardContext context) => Evaluator(context);
}

/// <summary>Guards every host gets.</summary>
public static class BuiltInGuards
{
    /// <summary><c>actor-is-assignee</c>: only the user the instance is assigned to may fire the action.</summary>
    public static readonly IWorkflowGuard ActorIsAssignee = new DelegateGuard(
        "actor-is-assignee",
        c => c.State.AssigneeId is not null && string.Equals(c.State.AssigneeId, c.Actor.Id, StringComparison.Ordinal)
            ? GuardResult.Allow
            : GuardResult.Deny(GuardRefusal.Forbidden, "only the assigned representative may do this"));

    /// <summary><c>assignee-changes</c>: the action's assign input must name someone other than the current assignee.</summary>
    public static readonly IWorkflowGuard AssigneeChanges = new DelegateGuard(
        "assignee-changes",
        c => c.Action.Assign is not { } input || !c.Inputs.TryGetValue(input, out var value) || !string.Equals(value, c.State.AssigneeId, StringComparison.Ordinal)
            ? GuardResult.Allow
            : GuardResult.Deny(GuardRefusal.InvalidInput, "is already the assigned representative", input));

    /// <summary>All built-in guards.</summary>
    public static IReadOnlyList<IWorkflowGuard> All { get; } = [ActorIsAssignee, AssigneeChanges];
}
