using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Departments;

// The list for intake and the API (active departments), and for the administrator (all, with claim counts, and the stored values
// that name no department).
public static class ListDepartments
{
    public sealed record Item(string Code, string Name, IReadOnlyList<string> Aliases);

    public sealed record AdminItem(string Code, string Name, IReadOnlyList<string> Aliases, bool Active, int Claims);

    public sealed record Unmapped(string Value, int Claims, int Accounts);

    public sealed record AdminView(IReadOnlyList<AdminItem> Departments, IReadOnlyList<Unmapped> Unmapped);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<Item>> ActiveAsync(CancellationToken cancellationToken) =>
            [.. (await DepartmentList.LoadAsync(db, cancellationToken)).Active.Select(d => new Item(d.Code, d.Name, d.Aliases))];

        public async Task<AdminView> AdminAsync(CancellationToken cancellationToken)
        {
            var list = await DepartmentList.LoadAsync(db, cancellationToken);
            var counts = await db.Claims.AsNoTracking().GroupBy(c => c.Department).Select(g => new { Department = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            var byValue = counts.ToDictionary(c => c.Department, c => c.Count, StringComparer.Ordinal);
            var covered = await db.Users.AsNoTracking().Where(u => u.DepartmentsCovered.Count > 0).Select(u => u.DepartmentsCovered).ToListAsync(cancellationToken);
            var accountsByValue = covered.SelectMany(c => c.Distinct(StringComparer.Ordinal)).GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

            var departments = list.All.Select(d => new AdminItem(d.Code, d.Name, d.Aliases, d.Active, byValue.GetValueOrDefault(d.Code))).ToList();
            var unmapped = byValue.Keys.Concat(accountsByValue.Keys).Distinct(StringComparer.Ordinal)
                .Where(v => list.Find(v) is null)
                .Order(StringComparer.OrdinalIgnoreCase)
                .Select(v => new Unmapped(v, byValue.GetValueOrDefault(v), accountsByValue.GetValueOrDefault(v)))
                .ToList();
            return new AdminView(departments, unmapped);
        }
    }

    public static void MapDepartmentsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/departments", async (Handler handler, CancellationToken cancellationToken) =>
            TypedResults.Ok(new { items = await handler.ActiveAsync(cancellationToken) }))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListDepartments");
}
