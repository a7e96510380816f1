using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Features.Telemetry;
using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Claims;

public static class FireAction
{
    public enum Outcome
    {
        Done,
        ClaimNotFound,
        NoAccess,
        UnknownAction,
        NotPermittedInStage,
        Forbidden,
        Invalid,
        Stale,
        Conflict,
        NeedsConfirmation,
        // A dry run passed every rule: the action would be done, and Entry says what it would journal.
        Ready,
    }

    /// <param name="DryRun">Run every rule, role, input and check, then stop before effects and saving (a preview).</param>
    public sealed record Command(Guid ClaimId, string ActionId, int? ExpectedVersion, IReadOnlyDictionary<string, JsonElement> Inputs, bool DryRun = false);

    public sealed record Result(Outcome Outcome, Claim? Claim = null, string? Reason = null, FieldErrors? Errors = null, IReadOnlyList<ActionDefinition>? Permitted = null, int? CurrentVersion = null, CheckRefusal? Refusal = null, PersonView? Representative = null, JournalEntry? Entry = null, ActionDefinition? Action = null);

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, ReminderScheduler reminders, IEnumerable<IActionCheck> checks, IEnumerable<IActionEffect> effects, FollowUnitStatus unitStatus)
    {
        public async Task<Result> HandleAsync(Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var result = await FireAsync(command, user, cancellationToken);
            if (!command.DryRun && AppTelemetry.ActionsFired.Enabled)
            {
                AppTelemetry.ActionsFired.Add(1, new("action", result.Action?.Id ?? command.ActionId), new("outcome", OutcomeName(result.Outcome)));
            }

            return result;
        }

        private static string OutcomeName(Outcome outcome) => outcome switch
        {
            Outcome.Done => "done",
            Outcome.ClaimNotFound => "not-found",
            Outcome.NoAccess => "no-access",
            Outcome.UnknownAction => "unknown-action",
            Outcome.NotPermittedInStage => "not-permitted",
            Outcome.Forbidden => "forbidden",
            Outcome.Invalid => "invalid",
            Outcome.Stale => "stale",
            Outcome.Conflict => "conflict",
            Outcome.NeedsConfirmation => "needs-confirmation",
            _ => "ready",
        };

        private async Task<Result> FireAsync(Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var loaded = await ClaimQueries.ForUpdateAsync(db, command.ClaimId);
            var claim = loaded?.Claim;
            if (claim is null)
            {
                return new Result(Outcome.ClaimNotFound, Reason: "The claim was not found.");
            }

            if (!user.CanSee(claim))
            {
                return new Result(Outcome.NoAccess, Reason: "You may act only on claims assigned to you.");
            }

            if (command.ExpectedVersion is null)
            {
                var missing = new FieldErrors();
                missing.Add("expectedVersion", "is required (or send If-Match with the claim's ETag)");
                return new Result(Outcome.Invalid, claim, "expectedVersion is required", missing);
            }

            var fired = engine.Fire(claim.ToState(), command.ActionId, user.ToActor(), Normalize(command.Inputs), command.ExpectedVersion);
            switch (fired.Failure)
            {
                case FireFailure.VersionConflict:
                    return new Result(Outcome.Stale, claim, $"the claim is at version {claim.Version}, not {command.ExpectedVersion}: someone acted first", CurrentVersion: claim.Version);
                case FireFailure.UnknownAction:
                    return new Result(Outcome.UnknownAction, claim, fired.Reason);
                case FireFailure.NotPermittedInStage:
                    return new Result(Outcome.NotPermittedInStage, claim, fired.Reason, Permitted: fired.Permitted);
                case FireFailure.Conflict:
                    return new Result(Outcome.Conflict, claim, fired.Reason, Permitted: fired.Permitted);
                case FireFailure.Forbidden:
                    return new Result(Outcome.Forbidden, claim, fired.Reason);
                case FireFailure.InvalidInput:
                    var errors = new FieldErrors();
                    foreach (var error in fired.Errors)
                    {
                        errors.Add(error.Field, error.Message);
                    }

                    return new Result(Outcome.Invalid, claim, fired.Reason, errors);
            }

            var definition = engine.DefinitionOf(claim.ToState());
            var action = definition.ActionsById[command.ActionId];
            var userErrors = await CheckUserInputsAsync(action, fired.Inputs);
            if (userErrors.Any)
            {
                return new Result(Outcome.Invalid, claim, "one or more inputs are invalid", userErrors);
            }

            foreach (var name in action.Checks)
            {
                var check = checks.Single(c => c.Registration.Name == name);
                if (await check.RunAsync(claim, fired.Inputs, cancellationToken) is { } refusal)
                {
                    return new Result(Outcome.NeedsConfirmation, claim, refusal.Reason, Refusal: refusal);
                }
            }

            if (command.DryRun)
            {
                return new Result(Outcome.Ready, claim, Entry: fired.Entry, Action: action);
            }

            var context = new EffectContext(claim, user, fired.State!, fired.Entry!);
            foreach (var name in action.Effects)
            {
                await effects.Single(e => e.Name == name).ApplyAsync(context, cancellationToken);
            }

            var (state, entry) = (context.State, context.Entry);
            claim.Apply(state, definition);
            db.JournalEntries.Add(entry.ToRow(claim.Id));
            await unitStatus.AfterAsync(claim, loaded!.Unit, definition, action, fired.Inputs, user.ToActor(), entry.At, cancellationToken);
            await reminders.ApplyAsync(claim, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || IsDuplicateSequence(ex))
            {
                db.ChangeTracker.Clear();
                var current = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == command.ClaimId, cancellationToken);
                return new Result(Outcome.Stale, current, "someone else acted on the claim first", CurrentVersion: current.Version);
            }

            reminders.SendNoticesNow();

            return new Result(Outcome.Done, claim, Representative: loaded!.Representative, Action: action);
        }

        // Lets API clients confirm with a JSON boolean; workflow inputs are strings, and a true/false choice is the string.
        private static IReadOnlyDictionary<string, JsonElement> Normalize(IReadOnlyDictionary<string, JsonElement> inputs)
        {
            if (!inputs.Values.Any(v => v.ValueKind is JsonValueKind.True or JsonValueKind.False))
            {
                return inputs;
            }

            return inputs.ToDictionary(
                i => i.Key,
                i => i.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonSerializer.SerializeToElement(i.Value.ValueKind == JsonValueKind.True ? "true" : "false") : i.Value,
                StringComparer.Ordinal);
        }

        private async Task<FieldErrors> CheckUserInputsAsync(ActionDefinition action, IReadOnlyDictionary<string, string> inputs)
        {
            var errors = new FieldErrors();
            foreach (var input in action.Inputs.Where(i => i.Type == InputType.User))
            {
                if (!inputs.TryGetValue(input.Name, out var userId))
                {
                    continue;
                }

                if (await ClaimQueries.IsActiveInRoleAsync(db, userId, Roles.Representative))
                {
                    continue;
                }

                errors.Add(input.Name, await ClaimQueries.IsInRoleAsync(db, userId, Roles.Representative) ? "is deactivated; choose an active representative" : "is not a representative");
            }

            return errors;
        }

        // A concurrent writer that slipped past the version check still cannot reuse a journal sequence number.
        private static bool IsDuplicateSequence(DbUpdateException ex) =>
            ex.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true ||
            ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
    }
}
