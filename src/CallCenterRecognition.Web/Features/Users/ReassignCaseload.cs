using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Users;

// Moves every open claim assigned to one person to another representative. Each claim goes through its own definition version:
// the action that version declares as assigning, fired through FireAction, so every move is its own transaction with its journal
// entry, its reminders readdressed and both people told, and a claim that cannot move leaves the others moved.
public static class ReassignCaseload
{
    public sealed record Command(string? ToRepresentativeId);

    public sealed record MovedClaim(Guid ClaimId, string Number);

    public sealed record NotMovedClaim(Guid ClaimId, string Number, string Reason);

    public sealed record Report(IReadOnlyList<MovedClaim> Moved, IReadOnlyList<NotMovedClaim> NotMoved);

    public enum Outcome
    {
        Done,
        NotFound,
        Invalid,
    }

    public sealed record Result(Outcome Outcome, IReadOnlyList<MovedClaim> Moved, IReadOnlyList<NotMovedClaim> NotMoved, FieldErrors? Errors = null)
    {
        public static Result Failed(Outcome outcome, FieldErrors? errors = null) => new(outcome, [], [], errors);
    }

    public const string TargetField = "toRepresentativeId";

    public static FieldErrors Validate(string fromId, Command command)
    {
        var errors = new FieldErrors();
        var target = command.ToRepresentativeId?.Trim();
        if (string.IsNullOrEmpty(target))
        {
            errors.Add(TargetField, "is required: the id of the representative who takes the claims");
        }
        else if (string.Equals(target, fromId, StringComparison.Ordinal))
        {
            errors.Add(TargetField, "must be another person than the one whose claims move");
        }

        return errors;
    }

    // What the claim's definition version declares: an assigning action open from the current stage to this actor. One that keeps
    // the stage (and so the due date) comes first, then one that re-enters it, and only then one that moves the claim on.
    public static ActionDefinition? AssigningAction(WorkflowEngine engine, WorkflowInstanceState state, WorkflowActor actor) =>
        engine.PermittedActions(state, actor)
            .Where(a => a.Assign is not null)
            .OrderBy(a => a.StaysInStage ? 0 : a.Targets.All(t => t == state.Stage) ? 1 : 2)
            .ThenBy(a => a.Inputs.Count(i => i.Required && i.Name != a.Assign))
            .FirstOrDefault();

    public sealed class Handler(AppDbContext db, WorkflowEngine engine, IServiceScopeFactory scopes, ILogger<Handler> logger)
    {
        public async Task<Result> HandleAsync(string fromId, Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var errors = Validate(fromId, command);
            if (errors.Any)
            {
                return Result.Failed(Outcome.Invalid, errors);
            }

            if (!await db.Users.AnyAsync(u => u.Id == fromId, cancellationToken))
            {
                return Result.Failed(Outcome.NotFound);
            }

            var targetId = command.ToRepresentativeId!.Trim();
            var target = await db.Users.AsNoTracking().Where(u => u.Id == targetId).Select(u => new { u.Active }).FirstOrDefaultAsync(cancellationToken);
            if (target is null || !await ClaimQueries.IsInRoleAsync(db, targetId, Roles.Representative))
            {
                errors.Add(TargetField, "is not a representative");
                return Result.Failed(Outcome.Invalid, errors);
            }

            if (!target.Active)
            {
                errors.Add(TargetField, "is deactivated; choose an active representative");
                return Result.Failed(Outcome.Invalid, errors);
            }

            var claims = await db.Claims.AsNoTracking().Where(c => c.AssignedRepresentativeId == fromId && !c.IsClosed)
                .OrderBy(c => c.Number).ToListAsync(cancellationToken);
            var actor = user.ToActor();
            var moved = new List<MovedClaim>();
            var notMoved = new List<NotMovedClaim>();
            foreach (var claim in claims)
            {
                var reason = await MoveAsync(claim, targetId, actor, user, cancellationToken);
                if (reason is null)
                {
                    moved.Add(new MovedClaim(claim.Id, claim.Number));
                }
                else
                {
                    notMoved.Add(new NotMovedClaim(claim.Id, claim.Number, reason));
                }
            }

            logger.LogInformation("Open claims of {FromUserId} moved to {ToUserId} by {ActorId}: {Moved} moved, {NotMoved} not moved", fromId, targetId, actor.Id, moved.Count, notMoved.Count);
            return new Result(Outcome.Done, moved, notMoved);
        }

        // Null when moved, else why not, in words an administrator can act on.
        private async Task<string?> MoveAsync(Data.Claim claim, string targetId, WorkflowActor actor, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var state = claim.ToState();
            var definition = engine.Registry.Find(state.DefinitionId, state.DefinitionVersion);
            if (definition is null || !definition.StagesById.TryGetValue(state.Stage, out var stage))
            {
                return $"its workflow ({state.DefinitionId} version {state.DefinitionVersion}, stage {state.Stage}) is not loaded";
            }

            var action = AssigningAction(engine, state, actor);
            if (action is null)
            {
                var declared = definition.ActionsFrom(stage.Id).Where(a => a.Assign is not null).ToList();
                return declared.Count == 0
                    ? $"version {definition.Version} of \"{definition.Name}\", which this claim runs on, has no action that reassigns a claim in stage {stage.Name}; migrate it to a later version first"
                    : $"in stage {stage.Name} only {string.Join(" or ", declared.SelectMany(a => a.Roles).Distinct(StringComparer.Ordinal))} may reassign this claim";
            }

            var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { [action.Assign!] = JsonSerializer.SerializeToElement(targetId) };

            // Each claim on its own unit of work, so what one claim's action tracked or failed cannot reach the next one's save.
            await using var scope = scopes.CreateAsyncScope();
            var fire = scope.ServiceProvider.GetRequiredService<FireAction.Handler>();
            var result = await fire.HandleAsync(new FireAction.Command(claim.Id, action.Id, claim.Version, inputs), user, cancellationToken);
            return result.Outcome switch
            {
                FireAction.Outcome.Done => null,
                FireAction.Outcome.Stale => "someone else acted on the claim while it was being moved; it was left as it is, try again",
                FireAction.Outcome.ClaimNotFound => "the claim no longer exists",
                FireAction.Outcome.Invalid when result.Errors is { Any: true } fieldErrors =>
                    $"{action.Name} refused it: " + string.Join("; ", fieldErrors.ToDictionary().Select(e => $"{e.Key} {string.Join(", ", e.Value)}")),
                _ => $"{action.Name} refused it: {result.Reason ?? result.Outcome.ToString()}",
            };
        }
    }
}
