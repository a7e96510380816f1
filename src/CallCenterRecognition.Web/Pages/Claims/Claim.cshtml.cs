using System.Globalization;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.AccessLog;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Packets;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Pages.Claims;

[Authorize(Policy = PagePolicies.Staff)]
public sealed partial class ClaimModel(
    AppDbContext db,
    ClaimViewBuilder views,
    FireAction.Handler fire,
    CorrectClaim.Handler correct,
    ListRepresentatives.Handler representatives,
    WorkflowEngine engine,
    LocalClock clock,
    IEnumerable<IActionCheck> checks,
    RecordAccess.Recorder accessLog,
    ListAccessLog.Handler accessLogList,
    PreviewFiling.Handler preview,
    DocumentStore store) : PageModel
{
    public const string InputPrefix = "in.";

    // Carries what the previewed packet was drawn from, so filing goes ahead only on the packet that was looked at.
    public const string PreviewField = "previewFingerprint";

    public const int PreviewPagesShown = 3;

    // Set after a filing action's form was posted the first time: the packet as it would be filed, awaiting a second yes.
    public PreviewFiling.Preview? Preview { get; private set; }

    public bool PreviewChanged { get; private set; }

    public bool PageImagesAvailable => PacketPageImages.Available;

    public static bool FilesPacket(ActionDefinition action) => FreezePacketEffect.IsOn(action);

    // A process that files no grievance (a differential follow-up) has no statement or packet to show.
    public bool FilesGrievance => Definition.Actions.Any(FreezePacketEffect.IsOn);

    public const int AccessLogShown = 20;

    // Not an "in." input: the workflow never sees it, the page asks it before an action that ends the claim without an outcome.
    public const string ConfirmEndField = "confirmEnd";

    // The stage's own next step (the definition's "primary"), first and open; the rest follow, collapsed.
    public IReadOnlyList<ActionView> OrderedActions => [.. Claim.PermittedActions.OrderBy(a => a.Id == PrimaryActionId ? 0 : 1)];

    public string? PrimaryActionId => Definition.StagesById.GetValueOrDefault(Claim.Stage)?.Primary is { } primary && Claim.PermittedActions.Any(a => a.Id == primary) ? primary : null;

    public bool IsOpen(string actionId) => OpenAction is { } open ? open == actionId : actionId == PrimaryActionId;

    // An action that ends the claim in a final stage that is no milestone (withdrawn, closed) cannot be undone and wins nothing.
    public bool EndsWithoutOutcome(string actionId) => EndsWithoutOutcome(Definition, actionId);

    public static bool EndsWithoutOutcome(WorkflowDefinition definition, string actionId) =>
        definition.ActionsById.TryGetValue(actionId, out var action)
        && action.Targets.Any()
        && action.Targets.All(t => definition.StagesById.GetValueOrDefault(t) is { Final: true, Milestone: null });

    // The reason such an action asks for: its first free-text input, required on the page even where the definition lets it be empty.
    public static InputDefinition? ReasonInput(WorkflowDefinition definition, string actionId) =>
        EndsWithoutOutcome(definition, actionId) ? definition.ActionsById[actionId].Inputs.FirstOrDefault(i => i.Type == InputType.Text) : null;

    public bool IsReason(string actionId, string inputName) => ReasonInput(Definition, actionId)?.Name == inputName;

    public string ChoiceLabel(string actionId, string inputName, string value) =>
        InputText.Choice(Definition.ActionsById.GetValueOrDefault(actionId), inputName, value, Definition);

    public string? DueText()
    {
        if (Claim.Status == ClaimStatus.Closed || Claim.DueAt is not { } due)
        {
            return null;
        }

        var days = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, clock.Zone).DateTime).DayNumber - clock.Today().DayNumber;
        return days switch
        {
            0 => "due today",
            1 => "1 day left",
            > 1 => $"{days} days left",
            -1 => "1 day overdue",
            _ => $"{-days} days overdue",
        };
    }

    public StageDefinition CurrentStage => Definition.StagesById[Claim.Stage];

    public ClaimView Claim { get; private set; } = null!;

    public WorkflowDefinition Definition { get; private set; } = null!;

    public IReadOnlyList<JournalLine> Journal { get; private set; } = [];

    public IReadOnlyList<ListRepresentatives.Item> Representatives { get; private set; } = [];

    public string DiagramSvg { get; private set; } = string.Empty;

    // Per permitted action whose check can be confirmed past: the confirming input and what the check finds missing now.
    public Dictionary<string, (string Input, IReadOnlyList<string> Missing)> Confirmations { get; } = new(StringComparer.Ordinal);

    public bool IsConfirmation(string actionId, string inputName) => Confirmations.TryGetValue(actionId, out var c) && c.Input == inputName;

    public bool Forbidden { get; private set; }

    // Null for anyone but an administrator: the page says nothing about who looked to other roles.
    public ListAccessLog.Result? AccessLog { get; private set; }

    public string? Success { get; private set; }

    public string? Message { get; private set; }

    public bool Stale { get; private set; }

    // The action whose form was posted and failed: it stays open with the values typed and the messages beside its fields.
    public string? OpenAction { get; private set; }

    public Dictionary<string, string> Posted { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    // Shown only on open claims to those who may correct them.
    public bool CanCorrect { get; private set; }

    // The "Edit details" form: the claim's values, or what the user posted when it failed.
    public EditInput Edit { get; private set; } = new();

    public bool EditOpen { get; private set; }

    public Dictionary<string, string> EditErrors { get; } = new(StringComparer.Ordinal);

    public sealed class EditInput
    {
        public string? MemberName { get; set; }

        public string? MemberEmail { get; set; }

        public string? MemberPhone { get; set; }

        public string? MemberLanguage { get; set; }

        public string? Department { get; set; }

        public string? WorkUnit { get; set; }

        public string? BargainingUnit { get; set; }

        public string? Classification { get; set; }

        public List<string> PhoneSystems { get; set; } = [];

        public string? Description { get; set; }

        public static EditInput From(ClaimView claim) => new()
        {
            MemberName = claim.Member.Name,
            MemberEmail = claim.Member.Email,
            MemberPhone = claim.Member.Phone,
            MemberLanguage = claim.Member.Language,
            Department = claim.Department,
            WorkUnit = claim.WorkUnit,
            BargainingUnit = claim.BargainingUnit,
            Classification = claim.Classification,
            PhoneSystems = [.. claim.PhoneSystems],
            Description = claim.Description,
        };
    }

    public sealed record JournalLine(long Sequence, DateTimeOffset At, string Who, string What, string? From, string To, IReadOnlyList<(string Label, string Value)> Details);

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, string? corrected, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Forbidden && done is not null && Definition.ActionsById.TryGetValue(done, out var action))
        {
            Success = $"Done: {action.Name}.";
        }

        if (!Forbidden && corrected is not null)
        {
            Success = corrected == "none" ? "Nothing to change: the details were already as you sent them." : "Saved the corrected details.";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostFireAsync(Guid id, string? actionId, int? expectedVersion, CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in Request.Form)
        {
            if (key.StartsWith(InputPrefix, StringComparison.Ordinal) && key.Length > InputPrefix.Length)
            {
                var name = key[InputPrefix.Length..];
                var text = value.ToString();
                Posted[name] = text;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    inputs[name] = JsonSerializer.SerializeToElement(text);
                }
            }
        }

        if (await EndingUnconfirmedAsync(id, actionId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var command = new FireAction.Command(id, actionId ?? string.Empty, expectedVersion, inputs);
        FireAction.Result result;
        if (await FilingActionAsync(id, actionId, cancellationToken))
        {
            var previewed = Request.Form[PreviewField].ToString();
            if (previewed.Length > 0 && await preview.FingerprintAsync(command, User, cancellationToken) == previewed)
            {
                result = await fire.HandleAsync(command, User, cancellationToken);
            }
            else
            {
                var (checkedResult, built) = await preview.BuildAsync(command, User, cancellationToken);
                result = checkedResult;
                if (built is not null)
                {
                    Preview = built;
                    PreviewChanged = previewed.Length > 0;
                    OpenAction = actionId;
                    Message = PreviewChanged
                        ? "The packet changed since your preview (a document, the statement or a date). Nothing was filed; here it is as it would be filed now."
                        : null;
                    return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
                }
            }
        }
        else
        {
            result = await fire.HandleAsync(command, User, cancellationToken);
        }

        switch (result.Outcome)
        {
            case FireAction.Outcome.Done:
                return Redirect($"/claims/{id}?done={Uri.EscapeDataString(actionId!)}");
            case FireAction.Outcome.ClaimNotFound:
                return NotFound();
            case FireAction.Outcome.Stale:
                Stale = true;
                Message = "Someone else acted on this claim after you opened it. Nothing was saved. Below is the claim as it is now; check it and try again if your action still applies.";
                Posted.Clear();
                break;
            case FireAction.Outcome.Invalid:
                OpenAction = actionId;
                foreach (var (field, messages) in result.Errors!.ToDictionary())
                {
                    FieldErrors[field] = string.Join(" ", messages.Select(m => $"{char.ToUpperInvariant(m[0])}{m[1..]}."));
                }

                Message = "Some fields need attention; see the messages beside them. Nothing was saved.";
                break;
            case FireAction.Outcome.NotPermittedInStage or FireAction.Outcome.Conflict:
                Message = $"That action is not possible now ({result.Reason}). Nothing was saved; here is the claim as it is now.";
                Posted.Clear();
                break;
            case FireAction.Outcome.NeedsConfirmation:
                OpenAction = actionId;
                FieldErrors[result.Refusal!.ConfirmWith ?? "expectedVersion"] = "Tick the box to go ahead without them, or upload them first.";
                Message = $"Not done yet: {result.Reason}. Confirm below to go ahead anyway.";
                break;
            case FireAction.Outcome.Forbidden:
                Message = $"You may not do that: {result.Reason}.";
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
            default:
                Message = $"That cannot be done: {result.Reason}.";
                break;
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }

    // Withdrawing or closing asks for a ticked box and a reason before anything reaches the workflow: 400, nothing done.
    private async Task<IActionResult?> EndingUnconfirmedAsync(Guid id, string? actionId, CancellationToken cancellationToken)
    {
        var stored = await db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.DefinitionId, c.DefinitionVersion }).FirstOrDefaultAsync(cancellationToken);
        var definition = stored is null ? null : engine.Registry.Find(stored.DefinitionId, stored.DefinitionVersion);
        if (actionId is null || definition is null || !EndsWithoutOutcome(definition, actionId))
        {
            return null;
        }

        var action = definition.ActionsById[actionId];
        if (Request.Form[ConfirmEndField] != "true")
        {
            FieldErrors[ConfirmEndField] = $"Tick the box to confirm: {action.Name.ToLowerInvariant()} cannot be undone.";
        }

        if (ReasonInput(definition, actionId) is { } reason && string.IsNullOrWhiteSpace(Input(reason.Name)))
        {
            FieldErrors[reason.Name] = $"{reason.Label} is required.";
        }

        if (FieldErrors.Count == 0)
        {
            return null;
        }

        OpenAction = actionId;
        Message = $"Not done: {action.Name.ToLowerInvariant()} needs the box ticked and a reason. Nothing was saved.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await LoadAsync(id, cancellationToken) && !Forbidden ? Page() : NotFound();
    }

    // A page of a previewed (or any) packet build of this claim, as a picture for the preview before filing.
    public async Task<IActionResult> OnGetPreviewPageAsync(Guid id, Guid build, int pageNumber, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return NotFound();
        }

        if (!User.CanSee(claim))
        {
            return Forbid();
        }

        var row = await db.PacketBuilds.AsNoTracking().FirstOrDefaultAsync(b => b.Id == build && b.ClaimId == id && b.Status == PacketStatus.Done, cancellationToken);
        if (row?.Sha256 is null || pageNumber < 1 || pageNumber > row.PageCount)
        {
            return NotFound();
        }

        await using var pdf = store.Open(row.Sha256);
        var png = await PacketPageImages.RenderAsync(pdf, pageNumber, cancellationToken);
        if (png is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=3600";
        return File(png, "image/png");
    }

    private async Task<bool> FilingActionAsync(Guid id, string? actionId, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return claim is not null && actionId is not null
            && engine.DefinitionOf(claim.ToState()).ActionsById.TryGetValue(actionId, out var action) && FreezePacketEffect.IsOn(action);
    }

    // The form always sends every field, so an emptied field is a value (blank phone: none; blank name: refused), not "leave as is".
    public async Task<IActionResult> OnPostCorrectAsync(Guid id, int? expectedVersion, [Bind(Prefix = "Edit")] EditInput edit, CancellationToken cancellationToken)
    {
        var command = new CorrectClaim.Command(
            expectedVersion,
            new Features.Intake.OpenClaim.MemberInput(edit.MemberName ?? string.Empty, edit.MemberEmail ?? string.Empty, edit.MemberPhone ?? string.Empty, edit.MemberLanguage),
            edit.Department ?? string.Empty,
            edit.WorkUnit ?? string.Empty,
            JsonSerializer.SerializeToElement(edit.BargainingUnit ?? string.Empty),
            edit.Classification ?? string.Empty,
            [.. edit.PhoneSystems],
            edit.Description ?? string.Empty);
        var result = await correct.HandleAsync(id, command, User, cancellationToken);
        switch (result.Outcome)
        {
            case CorrectClaim.Outcome.Done:
                return Redirect($"/claims/{id}?corrected=saved");
            case CorrectClaim.Outcome.Unchanged:
                return Redirect($"/claims/{id}?corrected=none");
            case CorrectClaim.Outcome.ClaimNotFound:
                return NotFound();
            case CorrectClaim.Outcome.Invalid:
                EditOpen = true;
                Edit = edit;
                foreach (var (field, messages) in result.Errors!.ToDictionary())
                {
                    EditErrors[field] = string.Join(" ", messages.Select(m => field == "expectedVersion" ? "Reload the claim and try again." : ClaimFields.Sentence(field, m)));
                }

                Message = "Some details need attention; see the messages beside them. Nothing was saved.";
                break;
            case CorrectClaim.Outcome.Stale:
                EditOpen = true;
                Stale = true;
                Message = "Someone else changed this claim after you opened it. Nothing was saved. The form below now shows the claim as it is; make your correction again if it still applies.";
                break;
            case CorrectClaim.Outcome.Closed:
                Message = "This claim is closed, so its details can no longer be corrected. Nothing was saved.";
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case CorrectClaim.Outcome.Forbidden:
                Message = $"You may not do that: {result.Reason}";
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }

    public string EditError(string field) => EditErrors.GetValueOrDefault(field) ?? string.Empty;

    public string Input(string name) => Posted.GetValueOrDefault(name) ?? string.Empty;

    public string Today() => clock.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string When(DateTimeOffset value) => DisplayDates.DateTime(value, clock.Zone);

    public string Day(DateTimeOffset? value) => DisplayDates.Date(value, clock.Zone);

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().Include(c => c.AssignedRepresentative).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return false;
        }

        if (!User.CanSee(claim))
        {
            Forbidden = true;
            Message = null;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return true;
        }

        var recorded = accessLog.RecordAsync(User, new(id, RecordAccess.Actions.ClaimViewed));
        Claim = await views.BuildAsync(claim, User, cancellationToken);
        CanCorrect = !claim.IsClosed && CorrectClaim.MayCorrect(User, claim);
        if (EditErrors.Count == 0)
        {
            Edit = EditInput.From(Claim);
        }
        Definition = engine.DefinitionOf(claim.ToState());
        if (Claim.PermittedActions.Any(a => a.Inputs.Any(i => i.Type == "user")))
        {
            Representatives = await representatives.HandleAsync(cancellationToken);
        }

        var names = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var rows = await db.JournalEntries.AsNoTracking().Where(e => e.ClaimId == id).OrderByDescending(e => e.Sequence).ToListAsync(cancellationToken);
        Journal = [.. rows.Select(r => new JournalLine(r.Sequence, r.At, r.ActorName, ActionName(r.Action), StageName(r.FromStage), StageName(r.ToStage) ?? r.ToStage, Details(r, names)))];
        foreach (var permitted in Claim.PermittedActions)
        {
            foreach (var check in Definition.ActionsById[permitted.Id].Checks.Select(name => checks.Single(c => c.Registration.Name == name)))
            {
                if (check.Registration.ConfirmInput is { } input && await check.PreviewAsync(claim, cancellationToken) is { } missing)
                {
                    Confirmations[permitted.Id] = (input, missing);
                }
            }
        }

        await recorded;
        if (User.IsInRole(Roles.Admin))
        {
            AccessLog = await accessLogList.HandleAsync(new ListAccessLog.Query(id, 1, AccessLogShown), cancellationToken);
        }

        DiagramSvg = MermaidSvg.Render(WorkflowEngine.ToMermaid(Definition), claim.Stage, s => Definition.StagesById.GetValueOrDefault(s)?.Name, $"{Definition.Name}: the claim is in {Claim.StageName}");
        await LoadGrievantsAsync(claim, cancellationToken);
        return true;
    }

    private string ActionName(string action) =>
        Definition.ActionsById.TryGetValue(action, out var a) ? a.Name : action == "start" ? "Opened the claim" : ClaimJournal.Names.GetValueOrDefault(action, action);

    private string? StageName(string? stage) => stage is null ? null : Definition.StagesById.GetValueOrDefault(stage)?.Name ?? stage;

    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : "—",
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "none" : string.Join(", ", value.EnumerateArray().Select(v => v.ToString())),
        JsonValueKind.Null => "—",
        _ => value.GetRawText(),
    };

    private static string PhoneSystems(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 ? ClaimFields.PhoneSystemWords(value.EnumerateArray().Select(v => v.GetString() ?? string.Empty)) : Shown(value);

    private List<(string, string)> Details(ClaimJournalEntry row, Dictionary<string, string> names)
    {
        var details = new List<(string, string)>();
        try
        {
            using var data = JsonDocument.Parse(row.Data);
            if (data.RootElement.ValueKind != JsonValueKind.Object)
            {
                return details;
            }

            var inputs = Definition.ActionsById.GetValueOrDefault(row.Action)?.Inputs;
            if (ClaimJournal.Names.ContainsKey(row.Action))
            {
                // A correction: the fields it changed, then old → new for those whose values are journaled.
                if (data.RootElement.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.Array)
                {
                    details.Add(("Changed", string.Join(", ", changed.EnumerateArray().Select(f => ClaimFields.Label(f.GetString() ?? string.Empty)))));
                    foreach (var property in data.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                    {
                        if (property.Value.TryGetProperty("old", out var before) && property.Value.TryGetProperty("new", out var after))
                        {
                            details.Add((ClaimFields.Label(property.Name), property.Name == ClaimFields.PhoneSystems
                                ? $"{PhoneSystems(before)} → {PhoneSystems(after)}"
                                : $"{Shown(before)} → {Shown(after)}"));
                        }
                    }
                }

                foreach (var property in data.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    switch (property.Name)
                    {
                        case "fileName":
                            details.Add(("File", property.Value.GetString()!));
                            break;
                        case "category":
                            details.Add(("Category", DocumentCategories.Title(property.Value.GetString()!)));
                            break;
                        case DocumentDescription.Field:
                            details.Add(("Description", property.Value.GetString()!));
                            break;
                        case "side" when property.Value.GetString() == Sides.Member:
                            details.Add(("From", "the member, through the upload link"));
                            break;
                    }
                }

                return details;
            }

            foreach (var property in data.RootElement.EnumerateObject())
            {
                var input = inputs?.FirstOrDefault(i => i.Name == property.Name);
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? string.Empty : property.Value.GetRawText();
                value = input?.Type switch
                {
                    InputType.User => names.GetValueOrDefault(value, value),
                    _ => InputText.Value(input, value, Definition),
                };

                details.Add((input?.Label ?? InputText.Label(property.Name), value));
            }
        }
        catch (JsonException)
        {
            details.Add(("data", row.Data));
        }

        return details;
    }
}
