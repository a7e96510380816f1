using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Users;

// Every staff account with its roles and whether it may sign in; for administrators.
public static class ListUsers
{
    public sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<UserView>> HandleAsync(CancellationToken cancellationToken)
        {
            var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new { u.Id, u.Email, u.DisplayName, u.Active }).ToListAsync(cancellationToken);
            var roles = (await db.UserRoles.AsNoTracking()
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                    .ToListAsync(cancellationToken))
                .ToLookup(r => r.UserId, r => r.Name ?? string.Empty, StringComparer.Ordinal);
            return [.. users.Select(u => new UserView(u.Id, u.Email, u.DisplayName, [.. roles[u.Id].Order(StringComparer.Ordinal)], u.Active))];
        }

        public async Task<UserView?> OneAsync(string id, CancellationToken cancellationToken) =>
            (await HandleAsync(cancellationToken)).FirstOrDefault(u => u.Id == id);
    }
}
