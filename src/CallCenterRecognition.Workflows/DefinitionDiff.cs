namespace CallCenterRecognition.Workflows;

/// <summary>One property that differs between two versions of a stage, action or reminder.</summary>
/// <param name="Field">The definition key, e.g. <c>due</c> or <c>roles</c>.</param>
/// <param name="From">Its value in the older version, as text; null when absent.</param>
/// <param name="To">Its value in the newer version, as text; null when absent.</param>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>A stage, action or reminder present in both versions, with what differs.</summary>
/// <param name="Id">Its id (a reminder's is <c>stage/reminder</c>).</param>
/// <param name="Changes">What differs.</param>
public sealed record ChangedItem(string Id, IReadOnlyList<FieldChange> Changes);

/// <summary>What was added, removed and changed in one kind of item.</summary>
/// <param name="Added">Ids only in the newer version.</param>
/// <param name="Removed">Ids only in the older version.</param>
/// <param name="Changed">Ids in both whose properties differ.</param>
public sealed record ItemChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<ChangedItem> Changed);

/// <summary>
/// The difference between two versions of a definition, as a union's staff reads it before publishing: stages, actions,
/// durations (due and follow-up of each stage) and reminders added, removed and changed.
/// </summary>
/// <param name="Stages">Stages, without their durations and reminders.</param>
/// <param name="Actions">Actions.</param>
/// <param name="Durations">Stage due and follow-up durations that differ, per stage in both versions.</param>
/// <param name="Reminders">Reminders, each named <c>stage/reminder</c>.</param>
public sealed record DefinitionDiff(ItemChanges Stages, ItemChanges Actions, IReadOnlyList<ChangedItem> Durations, ItemChanges Reminders)
{
    /// <summary>True when nothing differs.</summary>
    public bool IsEmpty => Count(Stages) + Count(Actions) + Durations.Count + Count(Reminders) == 0;

    /// <summary>Compares <paramref name="from"/> with <paramref name="to"/>.</summary>
    public static DefinitionDiff Compare(WorkflowDefinition from, WorkflowDefinition to)
    {
        var stages = Items(from.Stages, to.Stages, s => s.Id, StageFields);
        var actions = Items(from.Actions, to.Actions, a => a.Id, ActionFields);
        var durations = new List<ChangedItem>();
        foreach (var stage in to.Stages.Where(s => from.StagesById.ContainsKey(s.Id)))
        {
            var old = from.StagesById[stage.Id];
            var changes = Changes([("due", Text(old.Due), Text(stage.Due)), ("followUp", Text(old.FollowUp), Text(stage.FollowUp))]);
            if (changes.Count > 0)
            {
                durations.Add(new ChangedItem(stage.Id, changes));
            }
        }

        var reminders = Items(
            from.Stages.SelectMany(s => s.Reminders.Select(r => (Stage: s.Id, Reminder: r))),
            to.Stages.SelectMany(s => s.Reminders.Select(r => (Stage: s.Id, Reminder: r))),
            x => $"{x.Stage}/{x.Reminder.Id}",
            (a, b) => ReminderFields(a.Reminder, b.Reminder));
        return new DefinitionDiff(stages, actions, durations, reminders);
    }

    private static int Count(ItemChanges changes) => changes.Added.Count + changes.Removed.Count + changes.Changed.Count;

    private static ItemChanges Items<T>(IEnumerable<T> older, IEnumerable<T> newer, Func<T, string> id, Func<T, T, List<FieldChange>> fields)
    {
        var before = older.ToDictionary(id, StringComparer.Ordinal);
        var after = newer.ToDictionary(id, StringComparer.Ordinal);
        var changed = new List<ChangedItem>();
        foreach (var (key, item) in after.Where(a => before.ContainsKey(a.Key)))
        {
            var changes = fields(before[key], item);
            if (changes.Count > 0)
            {
                changed.Add(new ChangedItem(key, changes));
            }
        }

        return new ItemChanges(
            [.. after.Keys.Where(k => !before.ContainsKey(k))],
            [.. before.Keys.Where(k => !after.ContainsKey(k))],
            changed);
    }

    private static List<FieldChange> StageFields(StageDefinition a, StageDefinition b) => Changes(
    [
        ("name", a.Name, b.Name), ("description", a.Description, b.Description), ("final", Flag(a.Final), Flag(b.Final)),
        ("taskRole", a.TaskRole, b.TaskRole), ("documents", Lower(a.Documents), Lower(b.Documents)),
        ("milestone", a.Milestone, b.Milestone), ("primary", a.Primary, b.Primary), ("step", a.Step, b.Step),
    ]);

    private static List<FieldChange> ActionFields(ActionDefinition a, ActionDefinition b) => Changes(
    [
        ("name", a.Name, b.Name), ("from", List(a.From), List(b.From)), ("to", a.To, b.To),
        ("routes", List(a.Routes.Select(r => $"{r.Input}={r.EqualsValue}→{r.To}")), List(b.Routes.Select(r => $"{r.Input}={r.EqualsValue}→{r.To}"))),
        ("roles", List(a.Roles), List(b.Roles)), ("inputs", List(a.Inputs.Select(InputText)), List(b.Inputs.Select(InputText))),
        ("guards", List(a.Guards), List(b.Guards)), ("checks", List(a.Checks), List(b.Checks)), ("effects", List(a.Effects), List(b.Effects)),
        ("assign", a.Assign, b.Assign), ("extendsDeadline", a.ExtendsDeadline, b.ExtendsDeadline),
    ]);

    private static List<FieldChange> ReminderFields(ReminderDefinition a, ReminderDefinition b) => Changes(
    [
        ("when", Lower(a.When), Lower(b.When)), ("offset", Text(a.Offset), Text(b.Offset)), ("repeat", Text(a.Repeat), Text(b.Repeat)),
        ("maxRepeats", a.MaxRepeats.ToString(System.Globalization.CultureInfo.InvariantCulture), b.MaxRepeats.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("recipient", a.Recipient, b.Recipient), ("template", a.Template, b.Template),
    ]);

    private static List<FieldChange> Changes(IEnumerable<(string Field, string? From, string? To)> pairs) =>
        [.. pairs.Where(p => !string.Equals(p.From, p.To, StringComparison.Ordinal)).Select(p => new FieldChange(p.Field, p.From, p.To))];

    private static string InputText(InputDefinition i) =>
        $"{i.Name}:{i.Type.ToString().ToLowerInvariant()}{(i.Required ? string.Empty : "?")}{(i.Values.Count > 0 ? "[" + string.Join("|", i.Values) + "]" : string.Empty)}";

    private static string? Text(WorkflowDuration? duration) => duration?.ToString();

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string? List(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? null : text;
    }
}
