using CallCenterRecognition.Web.Data;

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
        await SeedDepartments.RunAsync(db, services.GetRequiredService<DepartmentFile>(), cancellationToken);
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
}
