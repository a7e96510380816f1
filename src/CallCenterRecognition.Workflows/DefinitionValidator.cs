namespace CallCenterRecognition.Workflows;

/// <summary>
/// Checks what refers to something else: stage ids named by actions, routes, the initial stage and each stage's primary
/// action; reachability; and every guard, check, effect, milestone, template and recipient against the host's vocabulary.
/// </summary>
internal sealed class DefinitionValidator(DefinitionJson json, WorkflowVocabulary vocabulary)
{
    public WorkflowDefinition? Validate(DefinitionDraft draft)
    {
        var faultsBefore = json.FaultCount;
        var stageIds = draft.Stages.Select(s => s.Stage.Id).ToHashSet(StringComparer.Ordinal);
        var actionsById = draft.Actions.ToDictionary(a => a.Action.Id, a => a.Action, StringComparer.Ordinal);

        foreach (var (stage, path) in draft.Stages)
        {
            ValidateStage(stage, path, actionsById);
        }

        foreach (var (action, path) in draft.Actions)
        {
            ValidateAction(action, path, stageIds, draft.Stages);
        }

        if (draft.InitialStage is not null)
        {
            if (!stageIds.Contains(draft.InitialStage))
            {
                json.Fault("$.initialStage", $"initial stage '{draft.InitialStage}' is not a declared stage");
            }
            else
            {
                CheckReachability(draft);
            }
        }

        if (draft.OpensWhen is { } condition && !vocabulary.OpenConditions.Contains(condition))
        {
            json.Fault("$.opensWhen", Unregistered("open condition", condition, vocabulary.OpenConditions));
        }

        if (json.FaultCount > faultsBefore || draft.DefinitionId is null || draft.Version is not { } version || draft.Name is null || draft.InitialStage is null)
        {
            return null;
        }

        return new WorkflowDefinition(draft.DefinitionId, version, draft.Name, draft.Description, draft.InitialStage,
            [.. draft.Stages.Select(s => s.Stage)], [.. draft.Actions.Select(a => a.Action)], json.File)
        {
            Contract = draft.Contract,
            OpensWhen = draft.OpensWhen,
            TranslationWarnings = TranslationWarnings(draft),
        };
    }

    // A missing translation is not a fault: the member reads English instead, and /workflows lists what is missing.
    private List<DefinitionFault> TranslationWarnings(DefinitionDraft draft)
    {
        var warnings = new List<DefinitionFault>();
        foreach (var (stage, path) in draft.Stages)
        {
            foreach (var (property, texts) in new[] { ("name", stage.NameTexts), ("description", stage.DescriptionTexts) })
            {
                if (texts.Count == 0)
                {
                    continue;
                }

                var missing = vocabulary.Languages.Where(l => !texts.ContainsKey(l)).ToList();
                if (missing.Count > 0)
                {
                    warnings.Add(new DefinitionFault(json.File, $"{path}.{property}", $"no text in {string.Join(", ", missing)}; members reading those see the English"));
                }
            }
        }

        return warnings;
    }

    private void ValidateStage(StageDefinition stage, string path, Dictionary<string, ActionDefinition> actionsById)
    {
        if (stage.Milestone is { } milestone && !vocabulary.Milestones.Contains(milestone))
        {
            json.Fault(path + ".milestone", Unregistered("milestone", milestone, vocabulary.Milestones));
        }

        if (stage.Primary is { } primary)
        {
            if (!actionsById.TryGetValue(primary, out var action))
            {
                json.Fault(path + ".primary", $"unknown action '{primary}'");
            }
            else if (!action.From.Contains(stage.Id, StringComparer.Ordinal))
            {
                json.Fault(path + ".primary", $"action '{primary}' cannot be fired from stage '{stage.Id}'");
            }
        }

        for (var i = 0; i < stage.Reminders.Count; i++)
        {
            var reminder = stage.Reminders[i];
            var reminderPath = $"{path}.reminders[{i}]";
            if (!vocabulary.Recipients.Contains(reminder.Recipient))
            {
                json.Fault(reminderPath + ".recipient", $"'{reminder.Recipient}' is not one of {string.Join(", ", vocabulary.Recipients)}");
            }

            if (!vocabulary.Templates.Contains(reminder.Template))
            {
                json.Fault(reminderPath + ".template", Unregistered("template", reminder.Template, vocabulary.Templates));
            }
        }
    }

    private void ValidateAction(ActionDefinition action, string path, HashSet<string> stageIds, List<(StageDefinition Stage, string Path)> stages)
    {
        for (var i = 0; i < action.From.Count; i++)
        {
            if (!stageIds.Contains(action.From[i]))
            {
                json.Fault($"{path}.from[{i}]", $"unknown stage '{action.From[i]}'");
            }
        }

        if (action.To is not null && !stageIds.Contains(action.To))
        {
            json.Fault(path + ".to", $"unknown target stage '{action.To}'");
        }

        for (var i = 0; i < action.Routes.Count; i++)
        {
            if (!stageIds.Contains(action.Routes[i].To))
            {
                json.Fault($"{path}.routes[{i}].to", $"unknown target stage '{action.Routes[i].To}'");
            }
        }

        Names(action.Guards, path + ".guards", "guard", vocabulary.Guards);
        Names(action.Effects, path + ".effects", "effect", vocabulary.Effects);
        for (var i = 0; i < action.Checks.Count; i++)
        {
            if (!vocabulary.Checks.TryGetValue(action.Checks[i], out var check))
            {
                json.Fault($"{path}.checks[{i}]", Unregistered("check", action.Checks[i], vocabulary.Checks.Keys));
            }
            else if (check.ConfirmInput is { } confirm
                && !action.Inputs.Any(input => input.Name == confirm && !input.Required && input.Type == InputType.Choice && input.Values.Order(StringComparer.Ordinal).SequenceEqual(["false", "true"])))
            {
                json.Fault($"{path}.checks[{i}]", $"check '{check.Name}' is confirmed by input '{confirm}': declare it as an optional choice of \"true\" and \"false\"");
            }
        }

        foreach (var stageId in action.ExtendsDeadline is null ? [] : action.From)
        {
            if (stages.FirstOrDefault(s => s.Stage.Id == stageId).Stage is { Due: null })
            {
                json.Fault(path + ".from", $"'{action.Id}' extends the deadline, but stage '{stageId}' has no due duration");
            }
        }
    }

    private void Names(IReadOnlyList<string> names, string path, string kind, IReadOnlySet<string> registered)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (!registered.Contains(names[i]))
            {
                json.Fault($"{path}[{i}]", Unregistered(kind, names[i], registered));
            }
        }
    }

    private static string Unregistered(string kind, string name, IEnumerable<string> registered)
    {
        var known = registered.Order(StringComparer.Ordinal).ToList();
        return $"unknown {kind} '{name}': the host registers {(known.Count == 0 ? "none" : string.Join(", ", known))}";
    }

    private void CheckReachability(DefinitionDraft draft)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { draft.InitialStage! };
        var queue = new Queue<string>([draft.InitialStage!]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var (action, _) in draft.Actions.Where(a => a.Action.From.Contains(current)))
            {
                foreach (var target in action.Targets.Where(reached.Add))
                {
                    queue.Enqueue(target);
                }
            }
        }

        foreach (var (stage, path) in draft.Stages.Where(s => !reached.Contains(s.Stage.Id)))
        {
            json.Fault(path, $"stage '{stage.Id}' is unreachable from the initial stage '{draft.InitialStage}'");
        }
    }
}
