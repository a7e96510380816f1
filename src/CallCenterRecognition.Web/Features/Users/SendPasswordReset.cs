using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CallCenterRecognition.Web.Features.Users;

// An administrator e-mails a staff member a new one-time link to choose a password; earlier unused links stop working.
// The current password keeps working until the link is used, so a mistaken click locks nobody out.
public static class SendPasswordReset
{
    public enum Outcome
    {
        Done,
        NotFound,
        Inactive,
    }

    public sealed record Result(Outcome Outcome, DateTimeOffset? ExpiresAt = null);

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, SendPasswordLink.Handler links, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<Result> HandleAsync(string id, string actorId, string actorName, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(id);
            if (user is null)
            {
                return new Result(Outcome.NotFound);
            }

            if (!user.Active)
            {
                return new Result(Outcome.Inactive);
            }

            var link = await links.PrepareAsync(user, AccountLinkPurposes.Reset, actorName, cancellationToken);
            AccountAudit.Add(db, user.Id, time.GetUtcNow(), actorId, actorName, AccountAudit.ResetLinkSent);
            await db.SaveChangesAsync(cancellationToken);
            await links.SendAsync(link, cancellationToken);
            logger.LogInformation("Password link for account {UserId} sent by {ActorId}", user.Id, actorId);
            return new Result(Outcome.Done, link.ExpiresAt);
        }
    }
}
