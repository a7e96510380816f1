using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.AccessLog;
using CallCenterRecognition.Web.Features.Accounts;
using CallCenterRecognition.Web.Features.Calendar;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.DocumentText;
using CallCenterRecognition.Web.Features.Grievants;
using CallCenterRecognition.Web.Features.Packets;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Features.Sessions;
using CallCenterRecognition.Web.Features.Startup;
using CallCenterRecognition.Web.Features.Telemetry;
using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Features.Users;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Web.Pages;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenterRecognition.Web;

public static class AppSetup
{
    public static void AddCallCenterRecognition(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        AppHost.EnsureWebRoot(builder.Environment);
        builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

        var workflowsPath = configuration["Workflows:Path"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "workflows");
        var definitions = WorkflowDefinitionLoader.LoadDirectory(workflowsPath, HostVocabulary.Create());
        StartupTrace.Mark($"workflow definitions loaded ({definitions.Count})");
        services.AddSingleton(new WorkflowRegistry(definitions));
        services.AddSingleton(new WorkflowFiles(definitions));
        services.AddSingleton<WorkflowCatalog>();
        services.AddHostedService<WorkflowCatalogRefresher>();
        services.AddScoped<ListVersions.Handler>();
        services.AddScoped<PublishVersion.Handler>();
        services.AddScoped<MigrateClaim.Handler>();
        services.AddSingleton<RunMigration>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublicBaseUrl>();
        services.AddLocalization();
        services.AddSingleton<Features.Language.DocumentCategoryText>();
        services.AddSingleton<Features.Language.MemberMail>();
        var zone = LocalClock.California();
        services.AddSingleton(sp => new LocalClock(sp.GetRequiredService<TimeProvider>(), zone));
        var calendar = RemindersSetup.LoadCalendar(configuration);
        StartupTrace.Mark("holiday calendar loaded");
        services.AddSingleton(calendar);
        services.AddSingleton<IWorkCalendar>(calendar);
        services.AddSingleton<ListHolidays.Handler>();
        services.AddSingleton(sp => new WorkflowEngine(sp.GetRequiredService<WorkflowRegistry>(), sp.GetRequiredService<IWorkCalendar>(), sp.GetRequiredService<TimeProvider>()));

        builder.AddStartup();
        // The SQLite writer and Kestrel start side by side; the rest wait for the first request.
        services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        services.AddDatabase(configuration);
        services.AddDataProtection()
            .SetApplicationName("CallCenterRecognition")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysAtRest(configuration);

        services.AddIdentityApiEndpoints<AppUser>(options =>
            {
                options.Password.RequiredLength = 12;
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddSignInManager<AppSignInManager>();
        SessionStamps.Add(services);
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "ccr.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, policy => policy.RequireRole(Roles.All))
            .AddPolicy(Policies.OpenClaims, policy => policy.RequireRole(Roles.Mrc, Roles.Ccwg, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin));

        services.AddProblemDetails();
        services.AddApiDocs();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddSecurity(configuration);
        builder.Logging.AddRequestLog();
        builder.AddTelemetry();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck("workflows", () => definitions.Count > 0 ? HealthCheckResult.Healthy($"{definitions.Count} definitions") : HealthCheckResult.Unhealthy("no definitions"), tags: ["ready"]);

        services.AddScoped<OpenClaim.Handler>();
        services.AddGrievants();
        services.AddScoped<ListClaims.Handler>();
        services.AddScoped<FireAction.Handler>();
        services.AddScoped<CorrectClaim.Handler>();
        services.AddScoped<EditStatement.Handler>();
        services.AddNamedBehaviour();
        services.AddScoped<ClaimViewBuilder>();
        services.AddScoped<ListRepresentatives.Handler>();
        services.AddScoped<Features.Journal.VerifyJournal.Handler>();
        builder.AddReminders();
        builder.AddDocuments();
        builder.AddDocumentText();
        builder.AddPackets();
        builder.AddAccessLog();
        builder.AddSessions();
        builder.AddUsers();
        builder.AddDepartments();
        builder.AddUnits();
        builder.AddPages();
        // Data protection's hosted service only loads the key ring early: EF's first query and a certificate's decryption,
        // which no readiness probe needs and which took half a second of a two-core start. Last, as several registrations
        // above add data protection again.
        DeferredHostedService.DeferRegistered(services, "data protection key ring loaded", DeferredHostedService.DataProtectionKeyRingLoader);
        StartupTrace.Mark("services registered");
    }

    public static async Task InitializeAsync(this WebApplication app, bool demo, TextWriter console)
    {
        // Whether tesseract runs is found out beside the migrations, not by the first readiness check.
        _ = app.Services.GetRequiredService<CallCenterRecognition.Evidence.OcrEngine>().ProbeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite() && await SqliteMigrationLock.ClearLeftoverAsync(db))
        {
            await console.WriteLineAsync("A database migration lock left by an interrupted start was removed.");
        }

        StartupTrace.Mark("database context ready");
        // MigrateAsync also diffs the model against the last migration's snapshot (EF builds its design-time model for
        // that), which was most of a start with nothing to apply; a start with nothing pending skips it.
        if ((await StartupSql.PendingMigrationsAsync(db, CancellationToken.None)).Count > 0)
        {
            await db.Database.MigrateAsync();
        }

        StartupTrace.Mark("migrations checked and applied");
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            // Files an earlier version wrote readable by others; what this process creates is 0600 already (FilesAtRest).
            var file = db.Database.GetDbConnection().DataSource;
            FilesAtRest.TightenFiles(file, file + "-wal", file + "-shm");
        }

        // data/ holds the document store by default: walk it once, and the store on its own only when it lives elsewhere.
        var data = Path.GetFullPath("data");
        var documents = scope.ServiceProvider.GetRequiredService<DocumentStore>().Root;
        FilesAtRest.Tighten(data);
        if (!documents.StartsWith(data + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            FilesAtRest.Tighten(documents);
        }

        StartupTrace.Mark("data folder permissions checked");

        // Definitions live in the database; the files seed it, and it decides which version new claims start on.
        await scope.ServiceProvider.GetRequiredService<WorkflowCatalog>().SeedAsync(db, scope.ServiceProvider.GetRequiredService<WorkflowFiles>().Definitions, CancellationToken.None);
        StartupTrace.Mark("workflow definitions seeded");
        // The job client only when there is something to resume: creating the job storage is not a start's work.
        await RunMigration.ResumeAsync(db, scope.ServiceProvider.GetRequiredService<Hangfire.IBackgroundJobClient>, CancellationToken.None);
        StartupTrace.Mark("interrupted claim migrations resumed");
        await Features.Units.DeriveUnitStatuses.RunAsync(db, scope.ServiceProvider.GetRequiredService<WorkflowRegistry>(), scope.ServiceProvider.GetRequiredService<LocalClock>(), CancellationToken.None);
        StartupTrace.Mark("unit statuses derived");

        await DepartmentsSetup.InitializeAsync(scope.ServiceProvider, console, CancellationToken.None);
        StartupTrace.Mark("departments seeded and spellings mapped");
        if (demo)
        {
            await Seeding.EnsureRolesAsync(scope.ServiceProvider);
            await Seeding.SeedDemoAsync(scope.ServiceProvider, app.Configuration.GetValue("DemoOffice", true));
        }
        else if (!await Seeding.RolesAndAdministratorPresentAsync(db))
        {
            await Seeding.EnsureRolesAsync(scope.ServiceProvider);
            await Seeding.EnsureAdministratorAsync(scope.ServiceProvider, app.Configuration, console);
        }

        StartupTrace.Mark(demo ? "roles and demo accounts seeded" : "roles and administrator ensured");
    }

    public static void UseCallCenterRecognition(this WebApplication app)
    {
        app.UseAfterFirstRequest();
        app.UseForwardedHeadersWhenConfigured();
        app.UseRequestLog();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        // Before binding, so a malformed request to a closed endpoint learns nothing but 404.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/auth", out var rest)
                && AccessMatrix.ClosedIdentityEndpoints.Any(closed => rest.Equals(closed, StringComparison.OrdinalIgnoreCase)))
            {
                await Problems.Status(StatusCodes.Status404NotFound, "Not found", "Accounts and passwords are managed by an administrator.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.UseAuthentication();
        Features.Language.MemberCulture.UseMemberCulture(app);
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseApiAntiforgery();
        app.UseTelemetry();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthDetails.WriteAsync });

        app.MapGroup("/api/auth")
            .AddEndpointFilter(SignInThrottle.LoginFilterAsync)
            .AddEndpointFilter(SingleUseRefreshTokens.RefreshFilterAsync)
            .MapIdentityApi<AppUser>()
            .RequireRateLimiting(Security.SignInLimit);
        app.MapClaimsApi();
        app.MapGrievantsApi();
        app.MapWorkflowsApi();
        app.MapCalendarApi();
        app.MapDocumentsApi();
        app.MapDocumentTextApi();
        app.MapPacketsApi();
        app.MapAccessLogApi();
        app.MapUsersApi();
        app.MapDepartmentsApi();
        app.MapUnitsApi();
        app.UseReminders();
        StartupTrace.Mark("job dashboard and reminder endpoints configured");
        app.UsePages();
        app.MapApiDocs();
    }

    private static Task ApiStatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

public sealed class DatabaseReadyCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("database unreachable");
            }

            var pending = await StartupSql.PendingMigrationsAsync(db, cancellationToken);
            return pending.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{pending.Count} migrations pending");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
