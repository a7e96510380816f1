using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Referral;

// Active representatives a claim can go to. Given the claim's department, those who cover it come first, least loaded first.
public static class ListRepresentatives
{
    public sealed record Item(string Id, string Name, string? Email, int OpenClaimCount, string? Phone, IReadOnlyList<string> Departments, bool CoversDepartment);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken cancellationToken) => await HandleAsync(null, cancellationToken);

        public async Task<IReadOnlyList<Item>> HandleAsync(string? department, CancellationToken cancellationToken)
        {
            if (department is not null)
            {
                department = (await Departments.DepartmentList.LoadAsync(db, cancellationToken)).Find(department)?.Code ?? department;
            }

            var roleId = await db.Roles.Where(r => r.Name == Roles.Representative).Select(r => r.Id).SingleAsync(cancellationToken);
            var rows = await db.Users.AsNoTracking()
                .Where(u => u.Active && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
                .Select(u => new { u.Id, u.DisplayName, u.Email, u.PhoneNumber, u.DepartmentsCovered, Open = db.Claims.Count(c => c.AssignedRepresentativeId == u.Id && !c.IsClosed) })
                .ToListAsync(cancellationToken);
            var items = rows.Select(u => new Item(u.Id, u.DisplayName, u.Email, u.Open, u.PhoneNumber, DepartmentCoverage.Clean(u.DepartmentsCovered), DepartmentCoverage.Covers(u.DepartmentsCovered, department)));
            return department is null
                ? [.. items.OrderBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase)]
                : [.. items.OrderByDescending(i => i.CoversDepartment).ThenBy(i => i.OpenClaimCount).ThenBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase)];
        }
    }
}
