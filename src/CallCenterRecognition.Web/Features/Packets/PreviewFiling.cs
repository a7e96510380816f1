using System.Security.Claims;
using CallCenterRecognition.Packets;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Packets;

// Filing is irreversible and sends the packet to the employer, so the page shows the packet exactly as it would be filed
// (the typed filing date included) and files only on a second, explicit yes — and only if nothing it is drawn from
// changed in between.
public static class PreviewFiling
{
    public const string Step = "Preview before filing";

    public sealed record Preview(Guid BuildId, string Sha256, int PageCount, string Fingerprint, IReadOnlyList<ExhibitOutcome> Exhibits);

    public sealed class Handler(AppDbContext db, FireAction.Handler fire, PacketService packets, TimeProvider time)
    {
        /// <returns>The dry run's result (every rule the action would be refused by) and, when it would go ahead, the built preview.</returns>
        public async Task<(FireAction.Result Checked, Preview? Preview)> BuildAsync(FireAction.Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var ready = await fire.HandleAsync(command with { DryRun = true }, user, cancellationToken);
            if (ready.Outcome != FireAction.Outcome.Ready)
            {
                return (ready, null);
            }

            var now = time.GetUtcNow();
            var packet = await packets.BuildAsync(ready.Claim!, null, cancellationToken, Filing(ready, now));
            var row = new PacketBuildRow
            {
                Id = Guid.NewGuid(),
                ClaimId = ready.Claim!.Id,
                RequestedById = user.Id(),
                RequestedAt = now,
                CompletedAt = now,
                Status = PacketStatus.Done,
                Step = Step,
                Done = 1,
                Total = 1,
                Sha256 = packet.Sha256,
                Size = packet.Size,
                PageCount = packet.PageCount,
            };
            db.PacketBuilds.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            return (ready, new Preview(row.Id, packet.Sha256, packet.PageCount, packet.Fingerprint, packet.Exhibits));
        }

        /// <returns>What the packet filed now would be drawn from, or null when the action would be refused.</returns>
        public async Task<string?> FingerprintAsync(FireAction.Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var ready = await fire.HandleAsync(command with { DryRun = true }, user, cancellationToken);
            return ready.Outcome != FireAction.Outcome.Ready
                ? null
                : PacketService.Fingerprint(await packets.RequestAsync(ready.Claim!, cancellationToken, Filing(ready, time.GetUtcNow())));
        }

        private static PacketFiling Filing(FireAction.Result ready, DateTimeOffset at) =>
            PacketService.Filing(ready.Action!, ready.Entry!.Data, ready.Entry.ToStage, at);
    }
}
