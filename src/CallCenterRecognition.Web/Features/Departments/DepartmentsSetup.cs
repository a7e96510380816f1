using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Features.Startup;

namespace CallCenterRecognition.Web.Features.Departments;

public static class DepartmentsSetup
{
    public static void AddDepartments(this WebApplicationBuilder builder)
    {
        // Read while building, so a broken file stops start-up before anything listens.
        builder.Services.AddSingleton(DepartmentFile.Load(DepartmentFile.PathFrom(builder.Configuration)));
        builder.Services.AddScoped<ListDepartments.Handler>();
        builder.Services.AddScoped<AddDepartment.Handler>();
        builder.Services.AddScoped<AddDepartmentAlias.Handler>();
        builder.Services.AddScoped<MapDepartmentValue.Handler>();
    }

    // After migrations and before anything opens a claim (the demo seed does): the list, then existing values mapped onto it.
    public static async Task InitializeAsync(IServiceProvider services, TextWriter console, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var file = services.GetRequiredService<DepartmentFile>();
        if (await NothingToDoAsync(db, file, cancellationToken))
        {
            return;
        }

        await SeedDepartments.RunAsync(db, file, cancellationToken);
        var result = await MapKnownSpellings.RunAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
        if (result.Claims > 0 || result.Accounts > 0)
        {
            await console.WriteLineAsync($"Departments: {result.Claims} claims and {result.Accounts} representatives' coverage rewritten from a department's name or alias to its code.");
        }

        if (result.Unmapped.Count > 0)
        {
            await console.WriteLineAsync($"Departments: {result.Unmapped.Count} stored values name no department on the list; an administrator maps them on /admin/departments.");
        }
    }

    // The usual start, read in plain SQL: every shipped department stored, and every claim and every representative's
    // coverage already naming departments by their codes. Anything else takes the seeding and mapping above.
    private static async Task<bool> NothingToDoAsync(AppDbContext db, DepartmentFile file, CancellationToken cancellationToken)
    {
        var codes = (await StartupSql.ReadAsync(db, """SELECT "Code" FROM "Departments" """, r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var keys = codes.Select(DepartmentList.Key).ToHashSet(StringComparer.Ordinal);
        if (file.Departments.Any(d => !keys.Contains(DepartmentList.Key(d.Code))))
        {
            return false;
        }

        var values = await StartupSql.ReadAsync(db, """SELECT DISTINCT "Department" FROM "Claims" """, r => r.GetString(0), cancellationToken);
        if (values.Any(v => !codes.Contains(v)))
        {
            return false;
        }

        // A JSON array in SQLite, a text[] in PostgreSQL.
        var covered = await StartupSql.ReadAsync(
            db,
            """SELECT "DepartmentsCovered" FROM "AspNetUsers" """,
            r => r.GetValue(0) switch
            {
                string json => System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [],
                string[] array => [.. array],
                _ => [],
            },
            cancellationToken);
        return covered.All(list => list.All(codes.Contains) && DepartmentCoverage.Clean(list).SequenceEqual(list, StringComparer.Ordinal));
    }
}
