using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Packets;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Workflows;

/// <summary>Every name this host gives behaviour, for the loader to hold definitions to, and the services behind them.</summary>
public static class HostVocabulary
{
    public static WorkflowVocabulary Create() => new(
        BuiltInGuards.All.Select(g => g.Name),
        checks: [EssentialEvidenceCheck.Registration],
        effects: [FreezePacketEffect.EffectName],
        milestones: Milestones.All,
        templates: ReminderTemplates.KnownTemplates,
        openConditions: Units.UnitOpenConditions.All,
        languages: Language.MemberLanguages.Translated);

    public static void AddNamedBehaviour(this IServiceCollection services)
    {
        services.AddScoped<IActionCheck, EssentialEvidenceCheck>();
        services.AddScoped<IActionEffect, FreezePacketEffect>();
        services.AddScoped<Units.UnitLookup>();
        services.AddScoped<Units.FollowUnitStatus>();
    }
}
