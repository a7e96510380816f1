using System.Text.Json;

namespace CallCenterRecognition.Workflows;

/// <summary>A definition as read, before its cross-references are checked; paths kept for the validator's faults.</summary>
internal sealed record DefinitionDraft(
    string? DefinitionId,
    int? Version,
    string? Name,
    string? Description,
    string? InitialStage,
    List<(StageDefinition Stage, string Path)> Stages,
    List<(ActionDefinition Action, string Path)> Actions,
    ContractReference? Contract = null,
    string? OpensWhen = null);

/// <summary>
/// Reads the shape of a definition: which keys each object has and what each value is. Faults that need only the object
/// at hand (a final stage with a due date, a route over an input the action lacks) are found here; references between
/// objects and to the host's registered names are the validator's.
/// </summary>
internal sealed class DefinitionShapeReader(DefinitionJson json)
{
    private static readonly string[] RootKeys = ["definitionId", "version", "name", "description", "initialStage", "contract", "opensWhen", "stages", "actions"];
    private static readonly string[] ContractKeys = ["article", "section", "title"];
    private static readonly string[] StageKeys = ["id", "name", "description", "final", "taskRole", "due", "followUp", "reminders", "documents", "milestone", "primary", "step"];
    private static readonly string[] ReminderKeys = ["id", "when", "offset", "repeat", "maxRepeats", "recipient", "template"];
    private static readonly string[] ActionKeys = ["id", "name", "from", "to", "routes", "roles", "inputs", "guards", "checks", "effects", "assign", "extendsDeadline"];
    private static readonly string[] InputKeys = ["name", "label", "type", "required", "maxLength", "values", "notBefore", "notAfter"];
    private static readonly string[] RouteKeys = ["input", "equals", "to"];

    public DefinitionDraft? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            json.Fault("$", "a definition must be a JSON object");
            return null;
        }

        json.Object(root, "$", RootKeys);

        var definitionId = json.RequiredString(root, "$", "definitionId");
        var version = json.RequiredInt(root, "$", "version");
        var name = json.RequiredString(root, "$", "name");
        var description = json.OptionalString(root, "$", "description");
        var initialStage = json.OptionalString(root, "$", "initialStage");
        if (initialStage is null)
        {
            json.Fault("$.initialStage", "missing initial stage");
        }

        if (version is <= 0)
        {
            json.Fault("$.version", "version must be a positive whole number");
        }

        var contract = ReadContract(root);
        var opensWhen = json.OptionalString(root, "$", "opensWhen");

        var stages = new List<(StageDefinition, string)>();
        var stageIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, path) in json.Array(root, "$", "stages", required: true))
        {
            if (ReadStage(element, path) is not { } stage)
            {
                continue;
            }

            if (!stageIds.Add(stage.Id))
            {
                json.Fault(path + ".id", $"duplicate stage id '{stage.Id}'");
                continue;
            }

            stages.Add((stage, path));
        }

        var actions = new List<(ActionDefinition, string)>();
        var actionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, path) in json.Array(root, "$", "actions", required: true))
        {
            if (ReadAction(element, path) is not { } action)
            {
                continue;
            }

            if (!actionIds.Add(action.Id))
            {
                json.Fault(path + ".id", $"duplicate action id '{action.Id}'");
                continue;
            }

            actions.Add((action, path));
        }

        return new DefinitionDraft(definitionId, version, name, description, initialStage, stages, actions, contract, opensWhen);
    }

    private ContractReference? ReadContract(JsonElement root)
    {
        if (!root.TryGetProperty("contract", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        const string path = "$.contract";
        if (!json.Object(element, path, ContractKeys))
        {
            return null;
        }

        var article = json.RequiredString(element, path, "article");
        var section = json.RequiredString(element, path, "section");
        var title = json.RequiredString(element, path, "title");
        var faults = json.FaultCount;
        if (article is not null && (article.Length > 10 || !article.All(char.IsAsciiLetterOrDigit)))
        {
            json.Fault(path + ".article", $"'{article}' is not an article number (letters and digits, at most 10)");
        }

        // "21.4" names section 4 of Article 21: a section of another article would put the wrong citation on the grievance.
        if (article is not null && section is not null
            && (section.Length > 20 || !section.StartsWith(article + ".", StringComparison.Ordinal) || section.Length == article.Length + 1
                || !section.All(c => char.IsAsciiLetterOrDigit(c) || c == '.')))
        {
            json.Fault(path + ".section", $"'{section}' is not a section of Article {article} (write e.g. \"{article}.4\")");
        }

        if (title is not null && title.Length > 120)
        {
            json.Fault(path + ".title", "at most 120 characters");
        }

        return article is null || section is null || title is null || json.FaultCount > faults ? null : new ContractReference(article, section, title);
    }

    private StageDefinition? ReadStage(JsonElement element, string path)
    {
        if (!json.Object(element, path, StageKeys))
        {
            return null;
        }

        var id = json.RequiredId(element, path);
        var names = json.RequiredTexts(element, path, "name");
        var descriptions = json.OptionalTexts(element, path, "description");
        var name = names?[LocalizedTexts.English];
        var description = descriptions?[LocalizedTexts.English];
        var final = json.OptionalBool(element, path, "final") ?? false;
        var taskRole = json.OptionalString(element, path, "taskRole");
        var due = json.OptionalDuration(element, path, "due");
        var followUp = json.OptionalDuration(element, path, "followUp");
        if (final && (due is not null || taskRole is not null))
        {
            json.Fault(path, "a final stage has no task and no due date");
        }

        var documentsText = json.OptionalString(element, path, "documents");
        DocumentPolicy? documents = documentsText switch
        {
            null => final ? DocumentPolicy.Locked : DocumentPolicy.Open,
            "open" => DocumentPolicy.Open,
            "locked" => DocumentPolicy.Locked,
            _ => null,
        };
        if (documents is null)
        {
            json.Fault(path + ".documents", $"'{documentsText}' is not one of open, locked");
        }
        else if (final && documents == DocumentPolicy.Open)
        {
            json.Fault(path + ".documents", "a final stage's documents are locked");
        }

        var milestone = json.OptionalString(element, path, "milestone");
        var primary = json.OptionalString(element, path, "primary");
        var step = json.OptionalString(element, path, "step");
        if (step is not null && (step.Length > 80 || step.Any(char.IsControl)))
        {
            json.Fault(path + ".step", "a grievance step is one line of at most 80 characters");
        }
        if (final && primary is not null)
        {
            json.Fault(path + ".primary", "a final stage has no next step");
        }

        var reminders = new List<ReminderDefinition>();
        var reminderIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (reminderElement, reminderPath) in json.Array(element, path, "reminders", required: false))
        {
            if (ReadReminder(reminderElement, reminderPath) is not { } reminder)
            {
                continue;
            }

            if (!reminderIds.Add(reminder.Id))
            {
                json.Fault(reminderPath + ".id", $"duplicate reminder id '{reminder.Id}'");
            }
            else
            {
                reminders.Add(reminder);
            }
        }

        if (reminders.Count > 0 && due is null)
        {
            json.Fault(path + ".reminders", "reminders need the stage to have a due duration");
        }

        return id is null || name is null
            ? null
            : new StageDefinition(id, name, description, final, taskRole, due, followUp, reminders)
            {
                NameTexts = names!,
                DescriptionTexts = descriptions ?? LocalizedTexts.None,
                Documents = documents ?? DocumentPolicy.Open,
                Milestone = milestone,
                Primary = primary,
                Step = step,
            };
    }

    private ReminderDefinition? ReadReminder(JsonElement element, string path)
    {
        if (!json.Object(element, path, ReminderKeys))
        {
            return null;
        }

        var id = json.RequiredId(element, path);
        var whenText = json.RequiredString(element, path, "when");
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
            json.Fault(path + ".when", $"'{whenText}' is not one of before-due, at-due, after-due");
        }

        var offset = json.OptionalDuration(element, path, "offset");
        if (when is ReminderTiming.BeforeDue or ReminderTiming.AfterDue && offset is null)
        {
            json.Fault(path + ".offset", "missing offset: before-due and after-due reminders need one");
        }

        var repeat = json.OptionalDuration(element, path, "repeat");
        var maxRepeats = json.OptionalInt(element, path, "maxRepeats") ?? 0;
        if (repeat is not null && when != ReminderTiming.AfterDue && when != ReminderTiming.AtDue)
        {
            json.Fault(path + ".repeat", "only at-due and after-due reminders repeat");
        }

        if (repeat is { Days: <= 0 })
        {
            json.Fault(path + ".repeat", "a repeat interval must be at least one day");
        }

        if (maxRepeats < 0 || (repeat is null && maxRepeats > 0))
        {
            json.Fault(path + ".maxRepeats", "maxRepeats must be zero or more, and needs a repeat interval");
        }

        var recipient = json.RequiredString(element, path, "recipient");
        var template = json.RequiredString(element, path, "template");
        if (id is null || when is null || recipient is null || template is null)
        {
            return null;
        }

        return new ReminderDefinition(id, when.Value, offset, repeat, maxRepeats, recipient, template);
    }

    private ActionDefinition? ReadAction(JsonElement element, string path)
    {
        if (!json.Object(element, path, ActionKeys))
        {
            return null;
        }

        var id = json.RequiredId(element, path);
        var name = json.RequiredString(element, path, "name");
        var from = json.StringArray(element, path, "from", required: true);
        if (from.Count == 0 && element.TryGetProperty("from", out _))
        {
            json.Fault(path + ".from", "an action must be fired from at least one stage");
        }

        var to = json.OptionalString(element, path, "to");
        var inputs = new List<InputDefinition>();
        foreach (var (inputElement, inputPath) in json.Array(element, path, "inputs", required: false))
        {
            if (ReadInput(inputElement, inputPath) is not { } input)
            {
                continue;
            }

            if (inputs.Any(i => i.Name == input.Name) || input.Name == "expectedVersion")
            {
                json.Fault(inputPath + ".name", $"duplicate or reserved input name '{input.Name}'");
            }
            else
            {
                inputs.Add(input);
            }
        }

        var routes = ReadRoutes(element, path, inputs);
        if (to is not null && routes.Count > 0)
        {
            json.Fault(path + ".routes", "an action has either 'to' or 'routes', not both");
        }

        var roles = json.StringArray(element, path, "roles", required: true);
        if (roles.Count == 0 && element.TryGetProperty("roles", out _))
        {
            json.Fault(path + ".roles", "an action needs at least one role");
        }

        var guards = json.StringArray(element, path, "guards", required: false);
        var checks = json.StringArray(element, path, "checks", required: false);
        var effects = json.StringArray(element, path, "effects", required: false);
        var assign = json.OptionalString(element, path, "assign");
        if (assign is not null && !inputs.Any(i => i.Name == assign && i.Type == InputType.User && i.Required))
        {
            json.Fault(path + ".assign", $"'{assign}' is not a required user input of this action");
        }

        var extendsDeadline = json.OptionalString(element, path, "extendsDeadline");
        if (extendsDeadline is not null)
        {
            if (!inputs.Any(i => i.Name == extendsDeadline && i.Type == InputType.Date && i.Required))
            {
                json.Fault(path + ".extendsDeadline", $"'{extendsDeadline}' is not a required date input of this action");
            }

            if (to is not null || routes.Count > 0)
            {
                json.Fault(path + ".extendsDeadline", "an action that extends the deadline stays in its stage: it has no 'to' or 'routes'");
            }
        }

        return id is null || name is null
            ? null
            : new ActionDefinition(id, name, from, to, routes, roles, inputs, guards, assign, extendsDeadline) { Checks = checks, Effects = effects };
    }

    private List<RouteDefinition> ReadRoutes(JsonElement element, string path, List<InputDefinition> inputs)
    {
        var routes = new List<RouteDefinition>();
        foreach (var (routeElement, routePath) in json.Array(element, path, "routes", required: false))
        {
            if (!json.Object(routeElement, routePath, RouteKeys))
            {
                continue;
            }

            var input = json.RequiredString(routeElement, routePath, "input");
            var equalsValue = json.RequiredString(routeElement, routePath, "equals");
            var routeTo = json.RequiredString(routeElement, routePath, "to");
            var declared = inputs.FirstOrDefault(i => i.Name == input);
            if (input is not null && declared is null)
            {
                json.Fault(routePath + ".input", $"'{input}' is not an input of this action");
            }
            else if (declared is not null && (!declared.Required || declared.Type != InputType.Choice || !declared.Values.Contains(equalsValue)))
            {
                json.Fault(routePath + ".equals", "a route must test a required choice input for one of its values");
            }

            if (routes.Any(r => r.Input == input && r.EqualsValue == equalsValue))
            {
                json.Fault(routePath, "two routes test the same value");
            }

            if (declared is not null && equalsValue is not null && routeTo is not null)
            {
                routes.Add(new RouteDefinition(declared.Name, equalsValue, routeTo));
            }
        }

        if (routes.Count > 0)
        {
            var routed = inputs.FirstOrDefault(i => i.Name == routes[0].Input);
            if (routed is null || routes.Any(r => r.Input != routed.Name) || routed.Values.Except(routes.Select(r => r.EqualsValue)).Any())
            {
                json.Fault(path + ".routes", "routes must test one input and cover each of its values");
            }
        }

        return routes;
    }

    private InputDefinition? ReadInput(JsonElement element, string path)
    {
        if (!json.Object(element, path, InputKeys))
        {
            return null;
        }

        var name = json.RequiredString(element, path, "name");
        var label = json.OptionalString(element, path, "label") ?? name;
        var typeText = json.RequiredString(element, path, "type");
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
            json.Fault(path + ".type", $"'{typeText}' is not one of string, text, date, choice, user");
        }

        var required = json.OptionalBool(element, path, "required") ?? true;
        var maxLength = json.OptionalInt(element, path, "maxLength") ?? (type == InputType.Text ? 10_000 : 200);
        if (maxLength <= 0)
        {
            json.Fault(path + ".maxLength", "maxLength must be positive");
        }

        var values = json.StringArray(element, path, "values", required: type == InputType.Choice);
        if (type == InputType.Choice && values.Count == 0 && element.TryGetProperty("values", out _))
        {
            json.Fault(path + ".values", "a choice needs at least one value");
        }

        var notBefore = ReadBound(element, path, "notBefore", type);
        var notAfter = ReadBound(element, path, "notAfter", type);
        if (notBefore?.Fixed is { } earliest && notAfter?.Fixed is { } latest && earliest > latest)
        {
            json.Fault(path + ".notBefore", $"notBefore {earliest:yyyy-MM-dd} is after notAfter {latest:yyyy-MM-dd}");
        }

        if (notBefore is { Fixed: null } relativeEarliest && notAfter is { Fixed: null } relativeLatest && relativeEarliest.DaysFromToday > relativeLatest.DaysFromToday)
        {
            json.Fault(path + ".notBefore", "notBefore is later than notAfter on every day");
        }

        return name is null || label is null || type is null ? null : new InputDefinition(name, label, type.Value, required, maxLength, values, notBefore, notAfter);
    }

    private DateBound? ReadBound(JsonElement element, string path, string property, InputType? type)
    {
        var text = json.OptionalString(element, path, property);
        if (text is null)
        {
            return null;
        }

        if (type is not InputType.Date)
        {
            json.Fault($"{path}.{property}", $"{property} applies only to date inputs");
            return null;
        }

        var bound = DateBound.Parse(text);
        if (bound is null)
        {
            json.Fault($"{path}.{property}", $"'{text}' is not yyyy-MM-dd, today, today+N or today-N");
        }

        return bound;
    }
}
