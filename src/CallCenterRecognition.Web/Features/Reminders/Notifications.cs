using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Reminders;

public sealed record NotificationView(long Id, string Title, string Body, string? Link, Guid? ClaimId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationList(int Unread, IReadOnlyList<NotificationView> Items);

// The bell: a user's own in-app notifications.
public static class Notifications
{
    public sealed class Handler(AppDbContext db, TimeProvider time)
    {
        public async Task<NotificationList> ListAsync(ClaimsPrincipal user, int take, CancellationToken cancellationToken)
        {
            var userId = user.Id();
            var mine = db.Set<NotificationRow>().AsNoTracking().Where(n => n.UserId == userId);
            var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
            var items = await mine.OrderBy(n => n.ReadAt != null).ThenByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take)
                .Select(n => new NotificationView(n.Id, n.Title, n.Body, n.Link, n.ClaimId, n.CreatedAt, n.ReadAt))
                .ToListAsync(cancellationToken);
            return new NotificationList(unread, items);
        }

        // False when the notification is not the user's (or does not exist): one answer for both, so ids cannot be probed.
        public async Task<bool> MarkReadAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken)
        {
            var userId = user.Id();
            var notification = await db.Set<NotificationRow>().FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
            if (notification is null)
            {
                return false;
            }

            notification.ReadAt ??= time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
    }
}
