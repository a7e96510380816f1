using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Referral;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Users;

// Every staff account with its roles, whether it may sign in, when it last did, and how many open claims it is assigned.
public static class ListUsers
{
    public sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<UserView>> HandleAsync(CancellationToken cancellationToken)
        {
            var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new { u.Id, u.Email, u.DisplayName, u.Active, u.LastSignInAt, u.PhoneNumber, u.DepartmentsCovered }).ToListAsync(cancellationToken);
            var open = await db.Claims.AsNoTracking().Where(c => !c.IsClosed && c.AssignedRepresentativeId != null)
                .GroupBy(c => c.AssignedRepresentativeId!).Select(g => new { UserId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.UserId, g => g.Count, StringComparer.Ordinal, cancellationToken);
            var roles = (await db.UserRoles.AsNoTracking()
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                    .ToListAsync(cancellationToken))
                .ToLookup(r => r.UserId, r => r.Name ?? string.Empty, StringComparer.Ordinal);
            return [.. users.Select(u => new UserView(u.Id, u.Email, u.DisplayName, [.. roles[u.Id].Order(StringComparer.Ordinal)], u.Active, u.LastSignInAt, open.GetValueOrDefault(u.Id), u.PhoneNumber, DepartmentCoverage.Clean(u.DepartmentsCovered)))];
        }

        public async Task<UserView?> OneAsync(string id, CancellationToken cancellationToken) =>
            (await HandleAsync(cancellationToken)).FirstOrDefault(u => u.Id == id);
    }
}
