using System.Security.Claims;
using CallCenterRecognition.Workflows;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Workflows;

/// <summary>Why a check held an action back, and what confirms past it.</summary>
public sealed record CheckRefusal(string Title, string Reason, string? ConfirmWith, IReadOnlyList<string> MissingCategories);

/// <summary>A check a definition names in an action's <c>checks</c>; run after the engine accepts the action, before it commits.</summary>
public interface IActionCheck
{
    /// <summary>The name and confirmation input the loader validates definitions against.</summary>
    NamedCheck Registration { get; }

    /// <summary>Null when the action may go ahead; otherwise why not (answered 422).</summary>
    Task<CheckRefusal?> RunAsync(Claim claim, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken);

    /// <summary>What a page shows beside the action before it is fired (e.g. the categories missing); null for nothing.</summary>
    Task<IReadOnlyList<string>?> PreviewAsync(Claim claim, CancellationToken cancellationToken);
}

/// <summary>What an effect may read and change: the action's journal entry and resulting state, before they are saved.</summary>
public sealed class EffectContext(Claim claim, ClaimsPrincipal user, WorkflowInstanceState state, JournalEntry entry)
{
    public Claim Claim { get; } = claim;

    public ClaimsPrincipal User { get; } = user;

    public WorkflowInstanceState State { get; set; } = state;

    public JournalEntry Entry { get; set; } = entry;
}

/// <summary>An effect a definition names in an action's <c>effects</c>; applied in the action's transaction.</summary>
public interface IActionEffect
{
    string Name { get; }

    Task ApplyAsync(EffectContext context, CancellationToken cancellationToken);
}
