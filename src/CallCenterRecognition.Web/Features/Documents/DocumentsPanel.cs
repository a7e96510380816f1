using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Documents;

// What the claim page's documents section shows to one viewer.
public static class DocumentsPanel
{
    public sealed record Panel(
        Guid ClaimId,
        bool Visible,
        DocumentList Documents,
        bool CanUpload,
        bool CanDelete,
        bool CanSendLink,
        MemberLinkStatus? ActiveLink,
        long MaxBytes,
        Packets.PacketBuildView? FrozenPacket,
        Packets.PacketBuildView? LatestDraft,
        bool ClaimOpen = true,
        int ClaimVersion = 0);

    public sealed class Handler(AppDbContext db, ListDocuments.Handler documents, MemberLinks.Handler links, DocumentStore store, CallCenterRecognition.Workflows.WorkflowRegistry registry)
    {
        public async Task<Panel> HandleAsync(Guid claimId, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null || !user.CanSee(claim))
            {
                return new Panel(claimId, false, new DocumentList([], [], []), false, false, false, null, store.MaxBytes, null, null);
            }

            var list = await documents.HandleAsync(claimId, cancellationToken);
            var beforeFiling = EvidenceLock.IsOpen(claim, registry);
            var mayLink = !claim.IsClosed && MemberLinks.MaySend(user, claim);
            var builds = await db.PacketBuilds.AsNoTracking().Where(b => b.ClaimId == claimId).ToListAsync(cancellationToken);
            var frozen = builds.Where(b => b.Frozen && b.Status == Packets.PacketStatus.Done).MaxBy(b => b.RequestedAt);
            var draft = builds.Where(b => !b.Frozen).MaxBy(b => b.RequestedAt);
            return new Panel(
                claimId,
                true,
                list,
                !claim.IsClosed,
                beforeFiling,
                mayLink,
                mayLink ? await links.ActiveAsync(claimId, cancellationToken) : null,
                store.MaxBytes,
                frozen is null ? null : Packets.PacketBuildView.From(frozen),
                draft is null ? null : Packets.PacketBuildView.From(draft),
                !claim.IsClosed,
                claim.Version);
        }
    }
}
