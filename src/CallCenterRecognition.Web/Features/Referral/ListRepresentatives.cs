using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Referral;

public static class ListRepresentatives
{
    public sealed record Item(string Id, string Name, string? Email, int OpenClaimCount);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken cancellationToken)
        {
            var roleId = await db.Roles.Where(r => r.Name == Roles.Representative).Select(r => r.Id).SingleAsync(cancellationToken);
            return await db.Users
                .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
                .OrderBy(u => u.DisplayName)
                .Select(u => new Item(u.Id, u.DisplayName, u.Email, db.Claims.Count(c => c.AssignedRepresentativeId == u.Id && !c.IsClosed)))
                .ToListAsync(cancellationToken);
        }
    }
}
