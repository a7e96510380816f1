using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Departments;

// Start-up: the shipped list adds the departments the table lacks. A row already there is the administrator's and is left as it is,
// so an edited name, an added alias or a department turned off survive every upgrade.
public static class SeedDepartments
{
    public static async Task<int> RunAsync(AppDbContext db, DepartmentFile file, CancellationToken cancellationToken)
    {
        // By key, not exact code, so "CalHR" added by hand as "CALHR" is not seeded a second time.
        var present = (await db.Departments.AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken)).Select(DepartmentList.Key).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var department in file.Departments)
        {
            if (present.Contains(DepartmentList.Key(department.Code)))
            {
                continue;
            }

            db.Departments.Add(new DepartmentRow { Code = department.Code, Name = department.Name, Aliases = [.. department.Aliases], Active = true });
            added++;
        }

        if (added > 0)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance seeded at the same moment; what it wrote is the same list.
                db.ChangeTracker.Clear();
                return 0;
            }
        }

        return added;
    }
}
