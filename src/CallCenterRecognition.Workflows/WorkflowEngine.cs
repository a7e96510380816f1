using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stateless;
using Stateless.Graph;

namespace CallCenterRecognition.Workflows;

/// <summary>Why an action was not carried out.</summary>
public enum FireFailure
{
    /// <summary>It was carried out.</summary>
    None,

    /// <summary>The definition has no such action.</summary>
    UnknownAction,

    /// <summary>The expected version is not the instance's version.</summary>
    VersionConflict,

    /// <summary>The action exists but may not be fired from the current stage.</summary>
    NotPermittedInStage,

    /// <summary>The actor holds none of the action's roles, or a guard refused with <see cref="GuardRefusal.Forbidden"/>.</summary>
    Forbidden,

    /// <summary>An input is missing or invalid, or a guard refused with <see cref="GuardRefusal.InvalidInput"/>.</summary>
    InvalidInput,

    /// <summary>A guard refused with <see cref="GuardRefusal.Conflict"/>.</summary>
    Conflict,
}

/// <summary>A problem with one input.</summary>
/// <param name="Field">The input name.</param>
/// <param name="Message">What is wrong.</param>
public sealed record InputError(string Field, string Message);

/// <summary>The result of firing an action: the new state and its journal entry, or why nothing happened.</summary>
public sealed record FireResult
{
    /// <summary>Why it failed; <see cref="FireFailure.None"/> on success.</summary>
    public required FireFailure Failure { get; init; }

    /// <summary>The new state on success.</summary>
    public WorkflowInstanceState? State { get; init; }

    /// <summary>The journal entry to append on success.</summary>
    public JournalEntry? Entry { get; init; }

    /// <summary>The validated inputs as strings, on success.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Input problems, for <see cref="FireFailure.InvalidInput"/>.</summary>
    public IReadOnlyList<InputError> Errors { get; init; } = [];

    /// <summary>The actions the actor may fire now, for <see cref="FireFailure.NotPermittedInStage"/>.</summary>
    public IReadOnlyList<ActionDefinition> Permitted { get; init; } = [];

    /// <summary>A human reason for the failure.</summary>
    public string? Reason { get; init; }

    /// <summary>True when the action was carried out.</summary>
    public bool Succeeded => Failure == FireFailure.None;
}

/// <summary>Runs workflow definitions: starts instances, lists and fires actions. Stateless; callers persist the returned state and journal entry together.</summary>
public sealed class WorkflowEngine
{
    private static readonly JsonSerializerOptions CanonicalJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IWorkCalendar calendar;
    private readonly TimeProvider time;
    private readonly Dictionary<string, IWorkflowGuard> guards;

    /// <summary>Creates an engine over <paramref name="registry"/>.</summary>
    /// <param name="registry">The loaded definitions.</param>
    /// <param name="calendar">Decides deadlines.</param>
    /// <param name="time">The clock.</param>
    /// <param name="extraGuards">Host guards besides <see cref="BuiltInGuards.All"/>.</param>
    public WorkflowEngine(WorkflowRegistry registry, IWorkCalendar calendar, TimeProvider time, IEnumerable<IWorkflowGuard>? extraGuards = null)
    {
        Registry = registry;
        this.calendar = calendar;
        this.time = time;
        guards = BuiltInGuards.All.Concat(extraGuards ?? []).ToDictionary(g => g.Name, StringComparer.Ordinal);
    }

    /// <summary>The definitions the engine runs.</summary>
    public WorkflowRegistry Registry { get; }

    /// <summary>Starts an instance on the newest version of <paramref name="definitionId"/>, journaling a <c>start</c> entry with <paramref name="data"/>.</summary>
    public (WorkflowInstanceState State, JournalEntry Entry) Start(string definitionId, WorkflowActor actor, IReadOnlyDictionary<string, string>? data = null)
    {
        var definition = Registry.FindLatest(definitionId) ?? throw new ArgumentException($"Unknown workflow definition '{definitionId}'.", nameof(definitionId));
        var now = time.GetUtcNow();
        var stage = definition.StagesById[definition.InitialStage];
        var entry = JournalChain.Append(0, JournalChain.GenesisHash, now, actor, "start", null, stage.Id, Canonical(data ?? new Dictionary<string, string>()));
        var state = new WorkflowInstanceState(
            definition.DefinitionId, definition.Version, stage.Id, entry.At, Due(stage, entry.At), FollowUp(stage, entry.At), null, 1, entry.Sequence, entry.Hash);
        return (state, entry);
    }

    /// <summary>The definition <paramref name="state"/> is pinned to.</summary>
    public WorkflowDefinition DefinitionOf(WorkflowInstanceState state) => Registry.Get(state.DefinitionId, state.DefinitionVersion);

    /// <summary>The open human task of an instance, or null when its stage is final.</summary>
    public HumanTask? TaskOf(WorkflowInstanceState state)
    {
        var stage = DefinitionOf(state).StagesById[state.Stage];
        return stage.Final ? null : new HumanTask(stage.Id, stage.TaskRole ?? "assignee", state.AssigneeId, state.DueAt, state.FollowUpAt);
    }

    /// <summary>The actions <paramref name="actor"/> may fire now: declared from the current stage, a role the actor holds, and no guard refusing before inputs are known.</summary>
    public IReadOnlyList<ActionDefinition> PermittedActions(WorkflowInstanceState state, WorkflowActor actor)
    {
        var definition = DefinitionOf(state);
        var noInputs = new Dictionary<string, string>();
        return [.. definition.ActionsFrom(state.Stage)
            .Where(a => a.Roles.Any(actor.IsInRole))
            .Where(a => a.Guards.All(g => guards[g].Evaluate(new GuardContext(definition, state, a, actor, noInputs)).Allowed))];
    }

    /// <summary>Fires <paramref name="actionId"/>; checks version, stage, role, inputs and guards in that order and changes nothing unless all pass.</summary>
    /// <param name="state">The instance as last read.</param>
    /// <param name="actionId">The action to fire.</param>
    /// <param name="actor">Who fires it.</param>
    /// <param name="inputs">Input values as JSON; every key must be a declared input.</param>
    /// <param name="expectedVersion">The version the caller saw; null skips the check.</param>
    public FireResult Fire(WorkflowInstanceState state, string actionId, WorkflowActor actor, IReadOnlyDictionary<string, JsonElement> inputs, int? expectedVersion)
    {
        var definition = DefinitionOf(state);
        if (expectedVersion is { } expected && expected != state.Version)
        {
            return new FireResult { Failure = FireFailure.VersionConflict, Reason = $"the instance is at version {state.Version}, not {expected}: someone acted first" };
        }

        if (!definition.ActionsById.TryGetValue(actionId, out var action))
        {
            return new FireResult { Failure = FireFailure.UnknownAction, Reason = $"'{actionId}' is not an action of {definition.DefinitionId}" };
        }

        if (!action.From.Contains(state.Stage, StringComparer.Ordinal))
        {
            return new FireResult
            {
                Failure = FireFailure.NotPermittedInStage,
                Reason = $"'{actionId}' is not allowed in stage '{state.Stage}'",
                Permitted = PermittedActions(state, actor),
            };
        }

        if (!action.Roles.Any(actor.IsInRole))
        {
            return new FireResult { Failure = FireFailure.Forbidden, Reason = $"'{actionId}' needs one of the roles {string.Join(", ", action.Roles)}" };
        }

        var (values, errors) = ValidateInputs(action, inputs, calendar.Today(time.GetUtcNow()));
        if (errors.Count > 0)
        {
            return new FireResult { Failure = FireFailure.InvalidInput, Errors = errors, Reason = "one or more inputs are invalid" };
        }

        foreach (var guardName in action.Guards)
        {
            var verdict = guards[guardName].Evaluate(new GuardContext(definition, state, action, actor, values));
            if (!verdict.Allowed)
            {
                return verdict.Refusal switch
                {
                    GuardRefusal.InvalidInput => new FireResult
                    {
                        Failure = FireFailure.InvalidInput, Reason = verdict.Reason, Errors = [new InputError(verdict.Field ?? guardName, verdict.Reason ?? guardName)],
                    },
                    GuardRefusal.Conflict => new FireResult { Failure = FireFailure.Conflict, Reason = verdict.Reason ?? guardName, Permitted = PermittedActions(state, actor) },
                    _ => new FireResult { Failure = FireFailure.Forbidden, Reason = verdict.Reason ?? guardName },
                };
            }
        }

        var now = time.GetUtcNow();
        DateTimeOffset? extendedDue = null;
        if (action.ExtendsDeadline is { } untilInput)
        {
            var until = DateOnly.ParseExact(values[untilInput], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var deadline = calendar.DeadlineOn(until);
            if (deadline <= now || (state.DueAt is { } currentDue && deadline <= currentDue))
            {
                return new FireResult
                {
                    Failure = FireFailure.InvalidInput,
                    Reason = "an extension must move the deadline later",
                    Errors = [new InputError(untilInput, "must be later than the current due date and in the future")],
                };
            }

            extendedDue = deadline;
        }

        var target = Transition(definition, state.Stage, action, values);
        var entry = JournalChain.Append(state.JournalSequence, state.JournalHash, now, actor, action.Id, state.Stage, target.Stage, Canonical(values));
        var entered = target.Reentered ? entry.At : state.StageEnteredAt;
        var stage = definition.StagesById[target.Stage];
        var newState = state with
        {
            Stage = target.Stage,
            StageEnteredAt = entered,
            DueAt = extendedDue ?? (target.Reentered ? Due(stage, entered) : state.DueAt),
            FollowUpAt = target.Reentered ? FollowUp(stage, entered) : state.FollowUpAt,
            AssigneeId = action.Assign is { } assign ? values[assign] : state.AssigneeId,
            Version = state.Version + 1,
            JournalSequence = entry.Sequence,
            JournalHash = entry.Hash,
        };
        return new FireResult { Failure = FireFailure.None, State = newState, Entry = entry, Inputs = values };
    }

    /// <summary>A Mermaid <c>stateDiagram-v2</c> of a definition, generated by Stateless from the same transitions the engine fires.</summary>
    public static string ToMermaid(WorkflowDefinition definition)
    {
        var machine = Configure(definition, definition.InitialStage, new Dictionary<string, string>());
        return MermaidGraph.Format(machine.GetInfo());
    }

    private (string Stage, bool Reentered) Transition(WorkflowDefinition definition, string stage, ActionDefinition action, IReadOnlyDictionary<string, string> inputs)
    {
        var machine = Configure(definition, stage, inputs);
        machine.Fire(action.Id);
        return (machine.State, !action.StaysInStage);
    }

    private static StateMachine<string, string> Configure(WorkflowDefinition definition, string current, IReadOnlyDictionary<string, string> inputs)
    {
        var state = current;
        var machine = new StateMachine<string, string>(() => state, s => state = s);
        foreach (var stage in definition.Stages)
        {
            var configuration = machine.Configure(stage.Id);
            foreach (var action in definition.ActionsFrom(stage.Id))
            {
                if (action.StaysInStage)
                {
                    configuration.InternalTransition(action.Id, _ => { });
                    continue;
                }

                if (action.To is { } to)
                {
                    if (to == stage.Id)
                    {
                        configuration.PermitReentry(action.Id);
                    }
                    else
                    {
                        configuration.Permit(action.Id, to);
                    }

                    continue;
                }

                foreach (var route in action.Routes)
                {
                    bool Matches() => inputs.TryGetValue(route.Input, out var value) && value == route.EqualsValue;
                    if (route.To == stage.Id)
                    {
                        configuration.PermitReentryIf(action.Id, Matches, $"{route.Input} = {route.EqualsValue}");
                    }
                    else
                    {
                        configuration.PermitIf(action.Id, route.To, Matches, $"{route.Input} = {route.EqualsValue}");
                    }
                }
            }
        }

        return machine;
    }

    private static (Dictionary<string, string> Values, List<InputError> Errors) ValidateInputs(ActionDefinition action, IReadOnlyDictionary<string, JsonElement> inputs, DateOnly today)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<InputError>();
        foreach (var key in inputs.Keys.Where(k => action.Inputs.All(i => i.Name != k)))
        {
            errors.Add(new InputError(key, $"is not an input of '{action.Id}'"));
        }

        foreach (var input in action.Inputs)
        {
            if (!inputs.TryGetValue(input.Name, out var element) || element.ValueKind == JsonValueKind.Null ||
                (element.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(element.GetString())))
            {
                if (input.Required)
                {
                    errors.Add(new InputError(input.Name, "is required"));
                }

                continue;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                errors.Add(new InputError(input.Name, "must be a string"));
                continue;
            }

            var text = element.GetString()!.Trim();
            if (text.Length > input.MaxLength)
            {
                errors.Add(new InputError(input.Name, $"must be at most {input.MaxLength} characters"));
                continue;
            }

            switch (input.Type)
            {
                case InputType.Date when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                    errors.Add(new InputError(input.Name, "must be a date written yyyy-MM-dd"));
                    continue;
                case InputType.Date when DateProblem(input, DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture), today) is { } problem:
                    errors.Add(new InputError(input.Name, problem));
                    continue;
                case InputType.Choice when !input.Values.Contains(text, StringComparer.Ordinal):
                    errors.Add(new InputError(input.Name, $"must be one of {string.Join(", ", input.Values)}"));
                    continue;
            }

            values[input.Name] = text;
        }

        return (values, errors);
    }

    private static string? DateProblem(InputDefinition input, DateOnly date, DateOnly today)
    {
        if (input.NotBefore?.On(today) is { } earliest && date < earliest)
        {
            return $"must be on or after {earliest:yyyy-MM-dd}";
        }

        return input.NotAfter?.On(today) is { } latest && date > latest ? $"must be on or before {latest:yyyy-MM-dd}" : null;
    }

    private DateTimeOffset? Due(StageDefinition stage, DateTimeOffset entered) => stage.Due is { } due ? calendar.AddDuration(entered, due) : null;

    private DateTimeOffset? FollowUp(StageDefinition stage, DateTimeOffset entered) => stage.FollowUp is { } followUp ? calendar.AddDuration(entered, followUp) : null;

    private static string Canonical(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(values.ToDictionary(), StringComparer.Ordinal), CanonicalJson);
}
