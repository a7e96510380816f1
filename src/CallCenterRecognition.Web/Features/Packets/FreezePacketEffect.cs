using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Packets;

// The exact PDF that goes to CalHR is stored, and its SHA-256 goes into the action's journal entry, so what was filed can be proven.
public sealed class FreezePacketEffect(AppDbContext db, PacketService packets, TimeProvider time, WorkflowRegistry registry) : IActionEffect
{
    public const string EffectName = "freeze-packet";

    // Whether an action files a packet is the definition's word: it carries this effect.
    public static bool IsOn(ActionDefinition action) => action.Effects.Contains(EffectName, StringComparer.Ordinal);

    public string Name => EffectName;

    public async Task ApplyAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var claim = context.Claim;
        var entry = context.Entry;
        var action = registry.Get(claim.DefinitionId, claim.DefinitionVersion).ActionsById[entry.Action];
        // The action's own inputs date the packet: its journal entry is not written yet.
        var packet = await packets.BuildAsync(claim, null, cancellationToken, PacketService.Filing(action, entry.Data, entry.ToStage, entry.At));
        context.Entry = JournalChain.Append(claim.JournalSequence, claim.JournalHash, entry.At, context.User.ToActor(), entry.Action, entry.FromStage, entry.ToStage, PacketService.WithPacket(entry.Data, packet.Sha256));
        context.State = context.State with { JournalHash = context.Entry.Hash };
        var now = time.GetUtcNow();
        db.PacketBuilds.Add(new PacketBuildRow
        {
            Id = Guid.NewGuid(),
            ClaimId = claim.Id,
            RequestedById = context.User.Id(),
            RequestedAt = now,
            CompletedAt = now,
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
}
