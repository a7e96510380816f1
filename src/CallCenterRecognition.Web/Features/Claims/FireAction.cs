using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Packets;
using CallCenterRecognition.Web.Features.Reminders;
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
    }

    public sealed record Command(Guid ClaimId, string ActionId, int? ExpectedVersion, IReadOnlyDictionary<string, JsonElement> Inputs);

    public sealed record Result(Outcome Outcome, Claim? Claim = null, string? Reason = null, FieldErrors? Errors = null, IReadOnlyList<ActionDefinition>? Permitted = null, int? CurrentVersion = null, IReadOnlyList<string>? MissingCategories = null, PersonView? Representative = null);

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, ReminderScheduler reminders, PacketService packets, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
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
                    return new Result(Outcome.Stale, claim, fired.Reason, CurrentVersion: claim.Version);
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
            var userErrors = await CheckUserInputsAsync(definition.ActionsById[command.ActionId], fired.Inputs);
            if (userErrors.Any)
            {
                return new Result(Outcome.Invalid, claim, "one or more inputs are invalid", userErrors);
            }

            // The checklist is advisory (the CCWG says so), but filing without the two core documents must be a deliberate choice.
            if (command.ActionId == Filing.ActionId && fired.Inputs.GetValueOrDefault(Filing.ConfirmInput) != "true")
            {
                var missing = Checklist.MissingEssential(await Checklist.ForClaimAsync(db, claim.Id, cancellationToken));
                if (missing.Count > 0)
                {
                    return new Result(Outcome.NeedsConfirmation, claim, $"no {string.Join(" or ", missing.Select(DocumentCategories.Title))} has been uploaded", MissingCategories: missing);
                }
            }

            var state = fired.State!;
            var entry = fired.Entry!;
            if (command.ActionId == Filing.ActionId)
            {
                // Filing freezes the packet: the exact PDF filed is stored and its SHA-256 goes into the filing's journal entry.
                var packet = await packets.BuildAsync(claim, null, cancellationToken);
                entry = JournalChain.Append(claim.JournalSequence, claim.JournalHash, entry.At, user.ToActor(), entry.Action, entry.FromStage, entry.ToStage, PacketService.WithPacket(entry.Data, packet.Sha256));
                state = state with { JournalHash = entry.Hash };
                db.PacketBuilds.Add(new PacketBuildRow
                {
                    Id = Guid.NewGuid(),
                    ClaimId = claim.Id,
                    RequestedById = user.Id(),
                    RequestedAt = time.GetUtcNow(),
                    CompletedAt = time.GetUtcNow(),
                    Status = PacketStatus.Done,
                    Step = "Filed",
                    Done = 1,
                    Total = 1,
                    Sha256 = packet.Sha256,
                    Size = packet.Size,
                    PageCount = packet.PageCount,
                    Frozen = true,
                });
            }

            claim.Apply(state, definition);
            db.JournalEntries.Add(entry.ToRow(claim.Id));
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

            return new Result(Outcome.Done, claim, Representative: loaded!.Representative);
        }

        // Lets API clients confirm with a JSON boolean; workflow inputs are strings.
        private static IReadOnlyDictionary<string, JsonElement> Normalize(IReadOnlyDictionary<string, JsonElement> inputs)
        {
            if (!inputs.TryGetValue(Filing.ConfirmInput, out var value) || value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return inputs;
            }

            var copy = new Dictionary<string, JsonElement>(inputs, StringComparer.Ordinal)
            {
                [Filing.ConfirmInput] = JsonSerializer.SerializeToElement(value.ValueKind == JsonValueKind.True ? "true" : "false"),
            };
            return copy;
        }

        private async Task<FieldErrors> CheckUserInputsAsync(ActionDefinition action, IReadOnlyDictionary<string, string> inputs)
        {
            var errors = new FieldErrors();
            foreach (var input in action.Inputs.Where(i => i.Type == InputType.User))
            {
                if (inputs.TryGetValue(input.Name, out var userId) && !await ClaimQueries.IsInRoleAsync(db, userId, Roles.Representative))
                {
                    errors.Add(input.Name, "is not a representative");
                }
            }

            return errors;
        }

        // A concurrent writer that slipped past the version check still cannot reuse a journal sequence number.
        private static bool IsDuplicateSequence(DbUpdateException ex) =>
            ex.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true ||
            ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
    }
}
