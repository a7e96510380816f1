using System.Text.Json;

namespace CallCenterRecognition.Workflows;

/// <summary>Reads workflow definitions from JSON and checks them before anything runs on them.</summary>
public static class WorkflowDefinitionLoader
{
    /// <summary>Recipients a reminder may be addressed to.</summary>
    public static readonly IReadOnlySet<string> Recipients = new HashSet<string>(StringComparer.Ordinal) { "assignee", "member", "mrc", "ccwg" };

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Loads every <c>*.json</c> file in <paramref name="directory"/>; throws <see cref="WorkflowDefinitionException"/> naming every fault in every file.</summary>
    /// <param name="directory">The folder of definition files.</param>
    /// <param name="knownGuards">Guard names the engine can evaluate; a definition naming another guard is invalid.</param>
    public static IReadOnlyList<WorkflowDefinition> LoadDirectory(string directory, IEnumerable<string> knownGuards)
    {
        if (!Directory.Exists(directory))
        {
            throw new WorkflowDefinitionException([new DefinitionFault(directory, "$", "the workflow folder does not exist")]);
        }

        var guards = knownGuards.ToHashSet(StringComparer.Ordinal);
        var faults = new List<DefinitionFault>();
        var definitions = new List<WorkflowDefinition>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var definition = Parse(File.ReadAllText(file), Path.GetFileName(file), guards, faults);
            if (definition is not null)
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
    public static WorkflowDefinition Load(string json, string fileName, IEnumerable<string> knownGuards)
    {
        var faults = new List<DefinitionFault>();
        var definition = Parse(json, fileName, knownGuards.ToHashSet(StringComparer.Ordinal), faults);
        if (faults.Count > 0 || definition is null)
        {
            throw new WorkflowDefinitionException(faults);
        }

        return definition;
    }

    private static WorkflowDefinition? Parse(string json, string file, HashSet<string> knownGuards, List<DefinitionFault> faults)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            faults.Add(new DefinitionFault(file, string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, $"invalid JSON{where}"));
            return null;
        }

        using (document)
        {
            var reader = new Reader(file, faults);
            return reader.ReadDefinition(document.RootElement, knownGuards);
        }
    }

    private sealed class Reader(string file, List<DefinitionFault> faults)
    {
        private readonly int faultCountAtStart = faults.Count;

        public WorkflowDefinition? ReadDefinition(JsonElement root, HashSet<string> knownGuards)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fault("$", "a definition must be a JSON object");
                return null;
            }

            var definitionId = RequiredString(root, "$", "definitionId");
            var version = RequiredInt(root, "$", "version");
            var name = RequiredString(root, "$", "name");
            var description = OptionalString(root, "$", "description");
            var initialStage = OptionalString(root, "$", "initialStage");

            var stages = new List<StageDefinition>();
            var stagePaths = new List<string>();
            var stageIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (element, path) in Array(root, "$", "stages", required: true))
            {
                var stage = ReadStage(element, path);
                if (stage is null)
                {
                    continue;
                }

                if (!stageIds.Add(stage.Id))
                {
                    Fault(path + ".id", $"duplicate stage id '{stage.Id}'");
                    continue;
                }

                stages.Add(stage);
                stagePaths.Add(path);
            }

            var actions = new List<ActionDefinition>();
            var actionIds = new HashSet<string>(StringComparer.Ordinal);
            var actionPaths = new List<string>();
            foreach (var (element, path) in Array(root, "$", "actions", required: true))
            {
                var action = ReadAction(element, path, stageIds, knownGuards);
                if (action is null)
                {
                    continue;
                }

                if (!actionIds.Add(action.Id))
                {
                    Fault(path + ".id", $"duplicate action id '{action.Id}'");
                    continue;
                }

                actions.Add(action);
                actionPaths.Add(path);
            }

            for (var i = 0; i < actions.Count; i++)
            {
                foreach (var stageId in actions[i].ExtendsDeadline is null ? [] : actions[i].From)
                {
                    if (stages.FirstOrDefault(s => s.Id == stageId) is { Due: null })
                    {
                        Fault(actionPaths[i] + ".from", $"'{actions[i].Id}' extends the deadline, but stage '{stageId}' has no due duration");
                    }
                }
            }

            if (initialStage is null)
            {
                Fault("$.initialStage", "missing initial stage");
            }
            else if (!stageIds.Contains(initialStage))
            {
                Fault("$.initialStage", $"initial stage '{initialStage}' is not a declared stage");
            }
            else
            {
                CheckReachability(initialStage, stages, stagePaths, actions);
            }

            if (version is <= 0)
            {
                Fault("$.version", "version must be a positive whole number");
            }

            if (faults.Count > faultCountAtStart || definitionId is null || version is null || name is null || initialStage is null)
            {
                return null;
            }

            return new WorkflowDefinition(definitionId, version.Value, name, description, initialStage, stages, actions, file);
        }

        private void CheckReachability(string initialStage, List<StageDefinition> stages, List<string> stagePaths, List<ActionDefinition> actions)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal) { initialStage };
            var queue = new Queue<string>([initialStage]);
            while (queue.TryDequeue(out var current))
            {
                foreach (var action in actions.Where(a => a.From.Contains(current)))
                {
                    foreach (var target in action.Targets.Where(reached.Add))
                    {
                        queue.Enqueue(target);
                    }
                }
            }

            for (var i = 0; i < stages.Count; i++)
            {
                if (!reached.Contains(stages[i].Id))
                {
                    Fault(stagePaths[i], $"stage '{stages[i].Id}' is unreachable from the initial stage '{initialStage}'");
                }
            }
        }

        private StageDefinition? ReadStage(JsonElement element, string path)
        {
            if (!ExpectObject(element, path))
            {
                return null;
            }

            var id = RequiredId(element, path);
            var name = RequiredString(element, path, "name");
            var description = OptionalString(element, path, "description");
            var final = OptionalBool(element, path, "final") ?? false;
            var taskRole = OptionalString(element, path, "taskRole");
            var due = OptionalDuration(element, path, "due");
            var followUp = OptionalDuration(element, path, "followUp");
            if (final && (due is not null || taskRole is not null))
            {
                Fault(path, "a final stage has no task and no due date");
            }

            var reminders = new List<ReminderDefinition>();
            var reminderIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (reminderElement, reminderPath) in Array(element, path, "reminders", required: false))
            {
                var reminder = ReadReminder(reminderElement, reminderPath);
                if (reminder is null)
                {
                    continue;
                }

                if (!reminderIds.Add(reminder.Id))
                {
                    Fault(reminderPath + ".id", $"duplicate reminder id '{reminder.Id}'");
                }
                else
                {
                    reminders.Add(reminder);
                }
            }

            if (reminders.Count > 0 && due is null)
            {
                Fault(path + ".reminders", "reminders need the stage to have a due duration");
            }

            return id is null || name is null ? null : new StageDefinition(id, name, description, final, taskRole, due, followUp, reminders);
        }

        private ReminderDefinition? ReadReminder(JsonElement element, string path)
        {
            if (!ExpectObject(element, path))
            {
                return null;
            }

            var id = RequiredId(element, path);
            var whenText = RequiredString(element, path, "when");
            ReminderTiming? when = whenText switch
            {
                null => null,
                "before-due" => ReminderTiming.BeforeDue,
                "at-due" => ReminderTiming.AtDue,
                "after-due" => ReminderTiming.AfterDue,
                _ => null,
            };
            if (whenText is not null && when is null)
            {
                Fault(path + ".when", $"'{whenText}' is not one of before-due, at-due, after-due");
            }

            var offset = OptionalDuration(element, path, "offset");
            if (when is ReminderTiming.BeforeDue or ReminderTiming.AfterDue && offset is null)
            {
                Fault(path + ".offset", "missing offset: before-due and after-due reminders need one");
            }

            var repeat = OptionalDuration(element, path, "repeat");
            var maxRepeats = OptionalInt(element, path, "maxRepeats") ?? 0;
            if (repeat is not null && when != ReminderTiming.AfterDue && when != ReminderTiming.AtDue)
            {
                Fault(path + ".repeat", "only at-due and after-due reminders repeat");
            }

            if (repeat is { Days: <= 0 })
            {
                Fault(path + ".repeat", "a repeat interval must be at least one day");
            }

            if (maxRepeats < 0 || (repeat is null && maxRepeats > 0))
            {
                Fault(path + ".maxRepeats", "maxRepeats must be zero or more, and needs a repeat interval");
            }

            var recipient = RequiredString(element, path, "recipient");
            if (recipient is not null && !Recipients.Contains(recipient))
            {
                Fault(path + ".recipient", $"'{recipient}' is not one of {string.Join(", ", Recipients)}");
            }

            var template = RequiredString(element, path, "template");
            if (id is null || when is null || recipient is null || template is null)
            {
                return null;
            }

            return new ReminderDefinition(id, when.Value, offset, repeat, maxRepeats, recipient, template);
        }

        private ActionDefinition? ReadAction(JsonElement element, string path, HashSet<string> stageIds, HashSet<string> knownGuards)
        {
            if (!ExpectObject(element, path))
            {
                return null;
            }

            var id = RequiredId(element, path);
            var name = RequiredString(element, path, "name");
            var from = StringArray(element, path, "from", required: true);
            for (var i = 0; i < from.Count; i++)
            {
                if (!stageIds.Contains(from[i]))
                {
                    Fault($"{path}.from[{i}]", $"unknown stage '{from[i]}'");
                }
            }

            if (from.Count == 0 && element.TryGetProperty("from", out _))
            {
                Fault(path + ".from", "an action must be fired from at least one stage");
            }

            var to = OptionalString(element, path, "to");
            if (to is not null && !stageIds.Contains(to))
            {
                Fault(path + ".to", $"unknown target stage '{to}'");
            }

            var inputs = new List<InputDefinition>();
            foreach (var (inputElement, inputPath) in Array(element, path, "inputs", required: false))
            {
                var input = ReadInput(inputElement, inputPath);
                if (input is null)
                {
                    continue;
                }

                if (inputs.Any(i => i.Name == input.Name) || input.Name == "expectedVersion")
                {
                    Fault(inputPath + ".name", $"duplicate or reserved input name '{input.Name}'");
                }
                else
                {
                    inputs.Add(input);
                }
            }

            var routes = new List<RouteDefinition>();
            foreach (var (routeElement, routePath) in Array(element, path, "routes", required: false))
            {
                if (!ExpectObject(routeElement, routePath))
                {
                    continue;
                }

                var input = RequiredString(routeElement, routePath, "input");
                var equalsValue = RequiredString(routeElement, routePath, "equals");
                var routeTo = RequiredString(routeElement, routePath, "to");
                if (routeTo is not null && !stageIds.Contains(routeTo))
                {
                    Fault(routePath + ".to", $"unknown target stage '{routeTo}'");
                }

                var declared = inputs.FirstOrDefault(i => i.Name == input);
                if (input is not null && declared is null)
                {
                    Fault(routePath + ".input", $"'{input}' is not an input of this action");
                }
                else if (declared is not null && (!declared.Required || declared.Type != InputType.Choice || !declared.Values.Contains(equalsValue)))
                {
                    Fault(routePath + ".equals", $"a route must test a required choice input for one of its values");
                }

                if (routes.Any(r => r.Input == input && r.EqualsValue == equalsValue))
                {
                    Fault(routePath, "two routes test the same value");
                }

                if (declared is not null && equalsValue is not null && routeTo is not null)
                {
                    routes.Add(new RouteDefinition(declared.Name, equalsValue, routeTo));
                }
            }

            if (to is not null && routes.Count > 0)
            {
                Fault(path + ".routes", "an action has either 'to' or 'routes', not both");
            }

            if (routes.Count > 0)
            {
                var routed = inputs.FirstOrDefault(i => i.Name == routes[0].Input);
                if (routed is null || routes.Any(r => r.Input != routed.Name) || routed.Values.Except(routes.Select(r => r.EqualsValue)).Any())
                {
                    Fault(path + ".routes", $"routes must test one input and cover each of its values");
                }
            }

            var roles = StringArray(element, path, "roles", required: true);
            if (roles.Count == 0 && element.TryGetProperty("roles", out _))
            {
                Fault(path + ".roles", "an action needs at least one role");
            }

            var guards = StringArray(element, path, "guards", required: false);
            for (var i = 0; i < guards.Count; i++)
            {
                if (!knownGuards.Contains(guards[i]))
                {
                    Fault($"{path}.guards[{i}]", $"unknown guard '{guards[i]}'");
                }
            }

            var assign = OptionalString(element, path, "assign");
            if (assign is not null && !inputs.Any(i => i.Name == assign && i.Type == InputType.User && i.Required))
            {
                Fault(path + ".assign", $"'{assign}' is not a required user input of this action");
            }

            var extendsDeadline = OptionalString(element, path, "extendsDeadline");
            if (extendsDeadline is not null)
            {
                if (!inputs.Any(i => i.Name == extendsDeadline && i.Type == InputType.Date && i.Required))
                {
                    Fault(path + ".extendsDeadline", $"'{extendsDeadline}' is not a required date input of this action");
                }

                if (to is not null || routes.Count > 0)
                {
                    Fault(path + ".extendsDeadline", "an action that extends the deadline stays in its stage: it has no 'to' or 'routes'");
                }
            }

            if (id is null || name is null)
            {
                return null;
            }

            return new ActionDefinition(id, name, from, to, routes, roles, inputs, guards, assign, extendsDeadline);
        }

        private InputDefinition? ReadInput(JsonElement element, string path)
        {
            if (!ExpectObject(element, path))
            {
                return null;
            }

            var name = RequiredString(element, path, "name");
            var label = OptionalString(element, path, "label") ?? name;
            var typeText = RequiredString(element, path, "type");
            InputType? type = typeText switch
            {
                null => null,
                "string" => InputType.String,
                "text" => InputType.Text,
                "date" => InputType.Date,
                "choice" => InputType.Choice,
                "user" => InputType.User,
                _ => null,
            };
            if (typeText is not null && type is null)
            {
                Fault(path + ".type", $"'{typeText}' is not one of string, text, date, choice, user");
            }

            var required = OptionalBool(element, path, "required") ?? true;
            var maxLength = OptionalInt(element, path, "maxLength") ?? (type == InputType.Text ? 10_000 : 200);
            if (maxLength <= 0)
            {
                Fault(path + ".maxLength", "maxLength must be positive");
            }

            var values = StringArray(element, path, "values", required: type == InputType.Choice);
            if (type == InputType.Choice && values.Count == 0 && element.TryGetProperty("values", out _))
            {
                Fault(path + ".values", "a choice needs at least one value");
            }

            var notBefore = ReadBound(element, path, "notBefore", type);
            var notAfter = ReadBound(element, path, "notAfter", type);
            if (notBefore?.Fixed is { } earliest && notAfter?.Fixed is { } latest && earliest > latest)
            {
                Fault(path + ".notBefore", $"notBefore {earliest:yyyy-MM-dd} is after notAfter {latest:yyyy-MM-dd}");
            }

            if (notBefore is { Fixed: null } relativeEarliest && notAfter is { Fixed: null } relativeLatest && relativeEarliest.DaysFromToday > relativeLatest.DaysFromToday)
            {
                Fault(path + ".notBefore", "notBefore is later than notAfter on every day");
            }

            return name is null || label is null || type is null ? null : new InputDefinition(name, label, type.Value, required, maxLength, values, notBefore, notAfter);
        }

        private DateBound? ReadBound(JsonElement element, string path, string property, InputType? type)
        {
            var text = OptionalString(element, path, property);
            if (text is null)
            {
                return null;
            }

            if (type is not InputType.Date)
            {
                Fault($"{path}.{property}", $"{property} applies only to date inputs");
                return null;
            }

            var bound = DateBound.Parse(text);
            if (bound is null)
            {
                Fault($"{path}.{property}", $"'{text}' is not yyyy-MM-dd, today, today+N or today-N");
            }

            return bound;
        }

        private string? RequiredId(JsonElement element, string path)
        {
            var id = RequiredString(element, path, "id");
            if (id is not null && !IsId(id))
            {
                Fault(path + ".id", $"'{id}' is not a valid id (lower-case letters, digits and hyphens)");
                return null;
            }

            return id;
        }

        private static bool IsId(string id) =>
            id.Length is > 0 and <= 64 && char.IsAsciiLetterLower(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

        private bool ExpectObject(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Fault(path, "expected an object");
            return false;
        }

        private IEnumerable<(JsonElement Element, string Path)> Array(JsonElement parent, string path, string property, bool required)
        {
            if (!parent.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fault($"{path}.{property}", "missing");
                }

                return [];
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Fault($"{path}.{property}", "expected an array");
                return [];
            }

            return array.EnumerateArray().Select((e, i) => (e, $"{path}.{property}[{i}]")).ToList();
        }

        private List<string> StringArray(JsonElement parent, string path, string property, bool required)
        {
            var result = new List<string>();
            foreach (var (element, itemPath) in Array(parent, path, property, required))
            {
                if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } value)
                {
                    result.Add(value);
                }
                else
                {
                    Fault(itemPath, "expected a non-empty string");
                }
            }

            return result;
        }

        private string? RequiredString(JsonElement parent, string path, string property)
        {
            var value = OptionalString(parent, path, property);
            if (value is null && (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null))
            {
                Fault($"{path}.{property}", "missing");
            }

            return value;
        }

        private string? OptionalString(JsonElement parent, string path, string property)
        {
            if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
            {
                Fault($"{path}.{property}", "expected a non-empty string");
                return null;
            }

            return element.GetString();
        }

        private int? RequiredInt(JsonElement parent, string path, string property)
        {
            var value = OptionalInt(parent, path, property);
            if (value is null && (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null))
            {
                Fault($"{path}.{property}", "missing");
            }

            return value;
        }

        private int? OptionalInt(JsonElement parent, string path, string property)
        {
            if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
            {
                Fault($"{path}.{property}", "expected a whole number");
                return null;
            }

            return value;
        }

        private bool? OptionalBool(JsonElement parent, string path, string property)
        {
            if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fault($"{path}.{property}", "expected true or false");
                return null;
            }

            return element.GetBoolean();
        }

        private WorkflowDuration? OptionalDuration(JsonElement parent, string path, string property)
        {
            if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
            if (element.ValueKind != JsonValueKind.String || !WorkflowDuration.TryParse(text, out var duration))
            {
                Fault($"{path}.{property}", $"malformed duration '{text}': write e.g. \"10 business days\" or \"30 calendar days\"");
                return null;
            }

            return duration;
        }

        private void Fault(string path, string message) => faults.Add(new DefinitionFault(file, path, message));
    }
}
