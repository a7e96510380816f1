namespace CallCenterRecognition.Workflows;

/// <summary>
/// The names a host gives behaviour, as Elsa registers activities by name: guards the engine evaluates, checks and effects
/// the host runs around an action, stage milestones it counts, reminder templates it renders and recipients it resolves.
/// A definition may use only names registered here; the loader refuses any other, with its file and JSON path.
/// </summary>
public sealed class WorkflowVocabulary
{
    /// <summary>Recipients every host of this runtime resolves.</summary>
    public static readonly IReadOnlyList<string> StandardRecipients = ["assignee", "member", "mrc", "ccwg"];

    /// <summary>Creates a vocabulary.</summary>
    /// <param name="guards">Guard names the engine can evaluate.</param>
    /// <param name="checks">Checks the host runs before an action commits; each may name the input that confirms past it.</param>
    /// <param name="effects">Effects the host applies in the action's transaction.</param>
    /// <param name="milestones">Milestones a stage may mark, for the host's counts.</param>
    /// <param name="templates">Reminder templates the host can render.</param>
    /// <param name="recipients">Reminder recipients the host can resolve; <see cref="StandardRecipients"/> when null.</param>
    /// <param name="openConditions">Conditions a definition may name in <c>opensWhen</c>, which the host evaluates when it opens an instance.</param>
    /// <param name="languages">Languages the host shows members; a member-visible text without one of them is listed as a warning. English only when null.</param>
    public WorkflowVocabulary(
        IEnumerable<string> guards,
        IEnumerable<NamedCheck>? checks = null,
        IEnumerable<string>? effects = null,
        IEnumerable<string>? milestones = null,
        IEnumerable<string>? templates = null,
        IEnumerable<string>? recipients = null,
        IEnumerable<string>? openConditions = null,
        IEnumerable<string>? languages = null)
    {
        Guards = guards.ToHashSet(StringComparer.Ordinal);
        Checks = (checks ?? []).ToDictionary(c => c.Name, StringComparer.Ordinal);
        Effects = (effects ?? []).ToHashSet(StringComparer.Ordinal);
        Milestones = (milestones ?? []).ToHashSet(StringComparer.Ordinal);
        Templates = (templates ?? []).ToHashSet(StringComparer.Ordinal);
        Recipients = (recipients ?? StandardRecipients).ToHashSet(StringComparer.Ordinal);
        OpenConditions = (openConditions ?? []).ToHashSet(StringComparer.Ordinal);
        Languages = [.. (languages ?? [LocalizedTexts.English]).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Languages the host shows members, English among them.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Registered guard names.</summary>
    public IReadOnlySet<string> Guards { get; }

    /// <summary>Registered checks by name.</summary>
    public IReadOnlyDictionary<string, NamedCheck> Checks { get; }

    /// <summary>Registered effect names.</summary>
    public IReadOnlySet<string> Effects { get; }

    /// <summary>Registered milestone names.</summary>
    public IReadOnlySet<string> Milestones { get; }

    /// <summary>Registered reminder template names.</summary>
    public IReadOnlySet<string> Templates { get; }

    /// <summary>Registered reminder recipients.</summary>
    public IReadOnlySet<string> Recipients { get; }

    /// <summary>Registered open conditions.</summary>
    public IReadOnlySet<string> OpenConditions { get; }

    /// <summary>The same vocabulary with more guards.</summary>
    public WorkflowVocabulary WithGuards(params string[] more) =>
        new(Guards.Concat(more), Checks.Values, Effects, Milestones, Templates, Recipients, OpenConditions, Languages);

    /// <summary>The same vocabulary with more templates.</summary>
    public WorkflowVocabulary WithTemplates(params string[] more) =>
        new(Guards, Checks.Values, Effects, Milestones, Templates.Concat(more), Recipients, OpenConditions, Languages);

    /// <summary>The same vocabulary offering these languages to members.</summary>
    public WorkflowVocabulary WithLanguages(params string[] languages) =>
        new(Guards, Checks.Values, Effects, Milestones, Templates, Recipients, OpenConditions, languages);
}

/// <summary>A check the host runs before an action commits (e.g. <c>essential-evidence</c>).</summary>
/// <param name="Name">The name definitions use.</param>
/// <param name="ConfirmInput">
/// The input that lets a person go on knowingly when the check objects; an action naming the check must declare it as an
/// optional choice of <c>true</c>/<c>false</c>. Null when the check cannot be confirmed past.
/// </param>
public sealed record NamedCheck(string Name, string? ConfirmInput = null);
