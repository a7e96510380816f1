namespace CallCenterRecognition.Workflows;

/// <summary>A validated, immutable workflow definition loaded from a JSON file.</summary>
public sealed class WorkflowDefinition
{
    internal WorkflowDefinition(
        string definitionId,
        int version,
        string name,
        string? description,
        string initialStage,
        IReadOnlyList<StageDefinition> stages,
        IReadOnlyList<ActionDefinition> actions,
        string? source)
    {
        DefinitionId = definitionId;
        Version = version;
        Name = name;
        Description = description;
        InitialStage = initialStage;
        Stages = stages;
        Actions = actions;
        Source = source;
        StagesById = stages.ToDictionary(s => s.Id, StringComparer.Ordinal);
        ActionsById = actions.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    /// <summary>The stable id instances refer to, e.g. <c>article-21-4-recognition</c>.</summary>
    public string DefinitionId { get; }

    /// <summary>The version; instances pin the version they started on.</summary>
    public int Version { get; }

    /// <summary>A human name.</summary>
    public string Name { get; }

    /// <summary>Optional explanation of the process.</summary>
    public string? Description { get; }

    /// <summary>The stage a new instance starts in.</summary>
    public string InitialStage { get; }

    /// <summary>Stages in declaration order.</summary>
    public IReadOnlyList<StageDefinition> Stages { get; }

    /// <summary>Actions in declaration order.</summary>
    public IReadOnlyList<ActionDefinition> Actions { get; }

    /// <summary>The contract article and section the process enforces, named on the grievance; null when the definition names none.</summary>
    public ContractReference? Contract { get; init; }

    /// <summary>
    /// A registered condition on what an instance is about (e.g. <c>unit-recognized</c>) under which the host opens this
    /// definition rather than one without a condition; null when it opens whenever no conditioned definition applies.
    /// </summary>
    public string? OpensWhen { get; init; }

    /// <summary>The file the definition was read from, when it came from a file.</summary>
    public string? Source { get; }

    /// <summary>The JSON text the definition was read from, to store or show as written.</summary>
    public string? Json { get; internal set; }

    /// <summary>Member-visible texts without a translation in a language the host offers (English is shown instead).</summary>
    public IReadOnlyList<DefinitionFault> TranslationWarnings { get; internal set; } = [];

    /// <summary>Stages keyed by id.</summary>
    public IReadOnlyDictionary<string, StageDefinition> StagesById { get; }

    /// <summary>Actions keyed by id.</summary>
    public IReadOnlyDictionary<string, ActionDefinition> ActionsById { get; }

    /// <summary>The actions declared as leaving (or staying in) <paramref name="stageId"/>, in declaration order.</summary>
    public IEnumerable<ActionDefinition> ActionsFrom(string stageId) =>
        Actions.Where(a => a.From.Contains(stageId, StringComparer.Ordinal));
}

/// <summary>One stage of a workflow.</summary>
/// <param name="Id">Stable id, part of the public contract.</param>
/// <param name="Name">Human name.</param>
/// <param name="Description">Plain-words explanation, suitable for members.</param>
/// <param name="Final">True when an instance in this stage is closed.</param>
/// <param name="TaskRole">Who the stage waits for: <c>assignee</c> or a role name; null for final stages.</param>
/// <param name="Due">How long the stage may take before it is overdue; null when it has no deadline.</param>
/// <param name="FollowUp">When to look at the task again before it is due, measured from entering the stage.</param>
/// <param name="Reminders">Reminders scheduled on entering the stage and cancelled on leaving it.</param>
public sealed record StageDefinition(
    string Id,
    string Name,
    string? Description,
    bool Final,
    string? TaskRole,
    WorkflowDuration? Due,
    WorkflowDuration? FollowUp,
    IReadOnlyList<ReminderDefinition> Reminders)
{
    /// <summary>Whether evidence may still be withdrawn in this stage; final stages are always locked.</summary>
    public DocumentPolicy Documents { get; init; } = DocumentPolicy.Open;

    /// <summary>A registered milestone the stage marks (e.g. <c>recognized</c>), for the host's counts; null for none.</summary>
    public string? Milestone { get; init; }

    /// <summary>The action that is the stage's expected next step, shown first; null when the stage names none.</summary>
    public string? Primary { get; init; }

    /// <summary>The stage's name by language tag (always with <c>en</c>, the same as <see cref="Name"/>).</summary>
    public IReadOnlyDictionary<string, string> NameTexts { get; init; } = LocalizedTexts.None;

    /// <summary>The member-facing description by language tag; empty when the stage has none.</summary>
    public IReadOnlyDictionary<string, string> DescriptionTexts { get; init; } = LocalizedTexts.None;

    /// <summary>The name in <paramref name="language"/>, or English when the definition has no text in it.</summary>
    /// <param name="language">A BCP 47 tag such as <c>es</c> or <c>zh-Hant</c>.</param>
    public string NameIn(string? language) => LocalizedTexts.In(NameTexts, language) ?? Name;

    /// <summary>The description in <paramref name="language"/>, or English when the definition has no text in it.</summary>
    /// <param name="language">A BCP 47 tag such as <c>es</c> or <c>zh-Hant</c>.</param>
    public string? DescriptionIn(string? language) => LocalizedTexts.In(DescriptionTexts, language) ?? Description;

    /// <summary>The grievance step a claim in this stage is at, as the grievance form names it (e.g. "Step 1"); null when the stage names none.</summary>
    public string? Step { get; init; }
}

/// <summary>The contract provision a definition enforces, as the grievance form cites it.</summary>
/// <param name="Article">Article number, e.g. <c>21</c>.</param>
/// <param name="Section">Section, e.g. <c>21.4</c>; always a section of <paramref name="Article"/>.</param>
/// <param name="Title">The section's title, e.g. <c>Call Centers</c>.</param>
public sealed record ContractReference(string Article, string Section, string Title);

/// <summary>What a stage allows of the evidence gathered so far.</summary>
public enum DocumentPolicy
{
    /// <summary>Documents may be added and withdrawn.</summary>
    Open,

    /// <summary>Documents may be added but not withdrawn: what was filed stays as filed.</summary>
    Locked,
}

/// <summary>When a reminder fires relative to the stage's due date.</summary>
public enum ReminderTiming
{
    /// <summary>An offset before the due date.</summary>
    BeforeDue,

    /// <summary>At the due date.</summary>
    AtDue,

    /// <summary>An offset after the due date, optionally repeating.</summary>
    AfterDue,
}

/// <summary>A reminder declared on a stage.</summary>
/// <param name="Id">Id unique within the stage.</param>
/// <param name="When">Timing relative to the due date.</param>
/// <param name="Offset">Distance from the due date (zero for <see cref="ReminderTiming.AtDue"/>).</param>
/// <param name="Repeat">Interval between repetitions after the first, or null.</param>
/// <param name="MaxRepeats">How many repetitions after the first at most.</param>
/// <param name="Recipient">Who receives it: <c>assignee</c>, <c>member</c>, <c>mrc</c> or <c>ccwg</c>.</param>
/// <param name="Template">The message template name.</param>
public sealed record ReminderDefinition(
    string Id,
    ReminderTiming When,
    WorkflowDuration? Offset,
    WorkflowDuration? Repeat,
    int MaxRepeats,
    string Recipient,
    string Template);

/// <summary>The kind of value an action input takes.</summary>
public enum InputType
{
    /// <summary>A short single-line string.</summary>
    String,

    /// <summary>A longer free text.</summary>
    Text,

    /// <summary>A calendar date written yyyy-MM-dd.</summary>
    Date,

    /// <summary>One of a fixed list of values.</summary>
    Choice,

    /// <summary>The id of a user; the host checks the user exists and may act.</summary>
    User,
}

/// <summary>An input an action takes.</summary>
/// <param name="Name">Field name in requests.</param>
/// <param name="Label">Human label.</param>
/// <param name="Type">Value type.</param>
/// <param name="Required">Whether it must be given.</param>
/// <param name="MaxLength">Longest accepted string.</param>
/// <param name="Values">Accepted values for <see cref="InputType.Choice"/>.</param>
/// <param name="NotBefore">Earliest accepted <see cref="InputType.Date"/>; null for no bound.</param>
/// <param name="NotAfter">Latest accepted <see cref="InputType.Date"/>; null for no bound.</param>
public sealed record InputDefinition(
    string Name,
    string Label,
    InputType Type,
    bool Required,
    int MaxLength,
    IReadOnlyList<string> Values,
    DateBound? NotBefore = null,
    DateBound? NotAfter = null);

/// <summary>A bound on a date input, written <c>yyyy-MM-dd</c>, <c>today</c>, <c>today+N</c> or <c>today-N</c> (days, in the calendar's zone).</summary>
/// <param name="Fixed">The date itself, when the bound does not move.</param>
/// <param name="DaysFromToday">Days after (or before, when negative) today, when <paramref name="Fixed"/> is null.</param>
public sealed record DateBound(DateOnly? Fixed, int DaysFromToday)
{
    /// <summary>The bound's date on <paramref name="today"/>.</summary>
    public DateOnly On(DateOnly today) => Fixed ?? today.AddDays(DaysFromToday);

    /// <summary>Reads the definition's text; null when it is not one of the accepted forms.</summary>
    public static DateBound? Parse(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return new DateBound(date, 0);
        }

        if (text == "today")
        {
            return new DateBound(null, 0);
        }

        // Up to a century either way keeps today's offset inside DateOnly's range.
        return text.StartsWith("today", StringComparison.Ordinal) && text.Length > 6 && text[5] is '+' or '-'
            && int.TryParse(text.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) && days <= 36_500
            ? new DateBound(null, text[5] == '+' ? days : -days)
            : null;
    }
}

/// <summary>A conditional target: the action goes to <paramref name="To"/> when input <paramref name="Input"/> equals <paramref name="EqualsValue"/>.</summary>
public sealed record RouteDefinition(string Input, string EqualsValue, string To);

/// <summary>An action people fire to move an instance along.</summary>
/// <param name="Id">Stable id, part of the public contract.</param>
/// <param name="Name">Human name.</param>
/// <param name="From">Stages the action may be fired from.</param>
/// <param name="To">Target stage; null when the action keeps the instance in its stage (a note) or when <paramref name="Routes"/> decide.</param>
/// <param name="Routes">Conditional targets chosen by an input value.</param>
/// <param name="Roles">Roles allowed to fire it.</param>
/// <param name="Inputs">Inputs it takes.</param>
/// <param name="Guards">Named guards that must all allow it.</param>
/// <param name="Assign">Name of a <see cref="InputType.User"/> input whose value becomes the assignee.</param>
/// <param name="ExtendsDeadline">
/// Name of a required <see cref="InputType.Date"/> input whose value becomes the stage's new deadline (the end of that local day,
/// rolled past closed days); null for actions that leave the deadline alone. Only actions that stay in their stage extend deadlines.
/// </param>
public sealed record ActionDefinition(
    string Id,
    string Name,
    IReadOnlyList<string> From,
    string? To,
    IReadOnlyList<RouteDefinition> Routes,
    IReadOnlyList<string> Roles,
    IReadOnlyList<InputDefinition> Inputs,
    IReadOnlyList<string> Guards,
    string? Assign,
    string? ExtendsDeadline = null)
{
    /// <summary>Registered checks the host runs before the action commits; each may refuse it.</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>Registered effects the host applies in the action's transaction, in this order.</summary>
    public IReadOnlyList<string> Effects { get; init; } = [];

    /// <summary>True when the action never leaves the stage it is fired in.</summary>
    public bool StaysInStage => To is null && Routes.Count == 0;

    /// <summary>Every stage the action can lead to.</summary>
    public IEnumerable<string> Targets => To is not null ? [To] : Routes.Select(r => r.To);
}
