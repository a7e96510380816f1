using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallCenterRecognition.Workflows.Tests;

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

internal static class TestSupport
{
    public const string DefinitionId = "article-21-4-recognition";

    public static readonly string[] RealStageIds =
        ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied", "differential-granted", "closed", "withdrawn"];

    public static readonly string[] RealActionIds =
        ["refer", "accept", "reassign", "file-grievance", "record-decision", "record-differential", "appeal", "close", "withdraw", "extend-deadline", "add-note"];

    // 2026-01-09 is a Friday.
    public static readonly DateTimeOffset FridayMorning = new(2026, 1, 9, 10, 0, 0, TimeSpan.Zero);

    public static string WorkflowsDirectory => Path.Combine(AppContext.BaseDirectory, "workflows");

    public static IEnumerable<string> GuardNames => BuiltInGuards.All.Select(g => g.Name);

    // What the web host registers for the Article 21.4 definitions, plus the minimal definition's template.
    public static WorkflowVocabulary Vocabulary => new(
        GuardNames,
        checks: [new NamedCheck("essential-evidence", "confirmMissingEvidence")],
        effects: ["freeze-packet"],
        milestones: ["recognized", "denied", "differential-granted"],
        templates:
        [
            "intake-due", "intake-overdue", "referral-due-soon", "referral-due", "referral-overdue", "documents-requested", "filing-due-soon",
            "filing-overdue", "decision-due", "decision-overdue", "differential-follow-up", "appeal-due-soon", "open-due",
            "pay-check-due", "payment-confirmation-due",
        ],
        openConditions: ["unit-recognized"],
        languages: ["en", "es", "zh-Hant"]);

    public static string RealJson() => File.ReadAllText(Path.Combine(WorkflowsDirectory, DefinitionId + ".json"));

    public static WorkflowDefinition LoadReal() => WorkflowDefinitionLoader.Load(RealJson(), DefinitionId + ".json", Vocabulary);

    public static WorkflowDefinition LoadVariant(Action<JsonObject> change, string fileName = "variant.json")
    {
        var root = JsonNode.Parse(RealJson())!.AsObject();
        change(root);
        return WorkflowDefinitionLoader.Load(root.ToJsonString(), fileName, Vocabulary);
    }

    public static WorkflowActor Mrc(string id = "mrc-1") => new(id, "Maya Resource", ["Mrc"]);

    public static WorkflowActor Ccwg(string id = "ccwg-1") => new(id, "Carl Working", ["Ccwg"]);

    public static WorkflowActor Admin(string id = "admin-1") => new(id, "Ada Min", ["Admin"]);

    public static WorkflowActor Rep(string id) => new(id, "Rep " + id, ["Representative"]);

    public static Dictionary<string, JsonElement> NoInputs() => [];

    public static Dictionary<string, JsonElement> Inputs(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => JsonSerializer.SerializeToElement(v.Value));

    public static JsonObject MinimalDefinition() => JsonNode.Parse(
        """
        {
          "definitionId": "mini",
          "version": 1,
          "name": "Mini",
          "initialStage": "open",
          "stages": [
            {
              "id": "open", "name": "Open", "taskRole": "Mrc", "due": "2 business days",
              "reminders": [ { "id": "nudge", "when": "at-due", "recipient": "mrc", "template": "open-due" } ]
            },
            { "id": "done", "name": "Done", "final": true }
          ],
          "actions": [
            { "id": "finish", "name": "Finish", "from": ["open"], "to": "done", "roles": ["Mrc"] }
          ]
        }
        """)!.AsObject();

    public static JsonObject Stage(string id, bool final = true) =>
        final ? new JsonObject { ["id"] = id, ["name"] = id, ["final"] = true } : new JsonObject { ["id"] = id, ["name"] = id, ["taskRole"] = "Mrc" };

    public static JsonObject Action(string id, string from, string? to, params string[] roles) => new()
    {
        ["id"] = id,
        ["name"] = id,
        ["from"] = new JsonArray(from),
        ["to"] = to,
        ["roles"] = new JsonArray([.. (roles.Length == 0 ? ["Mrc"] : roles).Select(r => (JsonNode)r)]),
    };

    public static JsonArray Stages(this JsonObject definition) => definition["stages"]!.AsArray();

    public static JsonArray Actions(this JsonObject definition) => definition["actions"]!.AsArray();

    public static WorkflowDefinitionException LoadFails(JsonObject definition, WorkflowVocabulary? vocabulary = null) =>
        LoadFails(definition.ToJsonString(), vocabulary);

    public static WorkflowDefinitionException LoadFails(string json, WorkflowVocabulary? vocabulary = null) =>
        Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionLoader.Load(json, "bad.json", vocabulary ?? Vocabulary));
}

/// <summary>Runs one instance on an engine, keeping its state and journal.</summary>
internal sealed class Claim
{
    private readonly List<JournalEntry> journal = [];

    public Claim(WorkflowEngine engine, FixedTimeProvider clock, WorkflowActor starter)
    {
        Engine = engine;
        Clock = clock;
        (State, var entry) = engine.Start(TestSupport.DefinitionId, starter);
        journal.Add(entry);
    }

    public WorkflowEngine Engine { get; }

    public FixedTimeProvider Clock { get; }

    public WorkflowInstanceState State { get; private set; }

    public IReadOnlyList<JournalEntry> Journal => journal;

    public static Claim Start(WorkflowDefinition? definition = null, IWorkCalendar? calendar = null, DateTimeOffset? at = null)
    {
        var clock = new FixedTimeProvider(at ?? TestSupport.FridayMorning);
        var engine = new WorkflowEngine(new WorkflowRegistry([definition ?? TestSupport.LoadReal()]), calendar ?? new WeekendCalendar(), clock);
        return new Claim(engine, clock, TestSupport.Mrc());
    }

    public FireResult Try(string action, WorkflowActor actor, Dictionary<string, JsonElement>? inputs = null) =>
        Engine.Fire(State, action, actor, inputs ?? TestSupport.NoInputs(), State.Version);

    public FireResult Fire(string action, WorkflowActor actor, params (string Name, object? Value)[] inputs)
    {
        var result = Try(action, actor, TestSupport.Inputs(inputs));
        Assert.True(result.Succeeded, $"{action} failed: {result.Failure} {result.Reason} {string.Join("; ", result.Errors)}");
        State = result.State!;
        journal.Add(result.Entry!);
        Clock.Advance(TimeSpan.FromHours(1));
        return result;
    }

    public Claim ReferTo(string representativeId)
    {
        Fire("refer", TestSupport.Mrc(), ("representativeId", representativeId));
        return this;
    }
}
