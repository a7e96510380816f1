using System.Globalization;
using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Grievants;

// A grievant leaves the claim (withdrew consent, left the unit): the row stays for the record, their link stops working.
public static class RemoveGrievant
{
    public enum Outcome
    {
        Done,
        NotFound,
        NoAccess,
        Closed,
        LastGrievant,
        FirstGrievant,
    }

    public sealed record Result(Outcome Outcome, string? Reason = null);

    public sealed class Handler(AppDbContext db, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Guid claimId, long grievantId, string? reason, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (claim is null)
            {
                return new Result(Outcome.NotFound, "The claim was not found.");
            }

            if (!AddGrievant.MayChange(user, claim))
            {
                return new Result(Outcome.NoAccess, "Only the assigned representative, the MRC or an administrator may remove a grievant.");
            }

            var grievant = await db.Grievants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grievantId && g.ClaimId == claimId && g.RemovedAt == null, cancellationToken);
            if (grievant is null)
            {
                return new Result(Outcome.NotFound, "The grievant was not found on this claim.");
            }

            if (claim.IsClosed)
            {
                return new Result(Outcome.Closed, "The claim is closed.");
            }

            // The member who called is the claim's member (the `member` field, the claim number's owner); correct them instead.
            if (grievant.Position == 0)
            {
                return new Result(Outcome.FirstGrievant, "The first grievant is the claim's member; correct the claim's member details instead, or withdraw the claim.");
            }

            var actor = user.ToActor();
            await ClaimJournal.WithRetryAsync(db, claimId, cancellationToken, async () =>
            {
                var tracked = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                var row = await db.Grievants.FirstAsync(g => g.Id == grievantId, cancellationToken);
                var now = time.GetUtcNow();
                row.RemovedAt = now;
                foreach (var link in await db.MemberLinks.Where(l => l.ClaimId == claimId && l.GrievantId == grievantId && l.RevokedAt == null).ToListAsync(cancellationToken))
                {
                    link.RevokedAt = now;
                }

                var data = new Dictionary<string, string> { ["grievant"] = (row.Position + 1).ToString(CultureInfo.InvariantCulture) };
                if (!string.IsNullOrWhiteSpace(reason))
                {
                    data["reason"] = reason.Trim().Length > 1000 ? reason.Trim()[..1000] : reason.Trim();
                }

                ClaimJournal.Append(db, tracked, actor, ClaimJournal.GrievantRemoved, data, now);
                await db.SaveChangesAsync(cancellationToken);
                return 0;
            });
            return new Result(Outcome.Done);
        }
    }
}
