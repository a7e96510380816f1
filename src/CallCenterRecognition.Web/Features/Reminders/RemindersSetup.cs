using CallCenterRecognition.Web.Features.Calendar;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Hangfire;
using CallCenterRecognition.Web.Data;
using Hangfire.InMemory;
using Hangfire.PostgreSql;

namespace CallCenterRecognition.Web.Features.Reminders;

public static class RemindersSetup
{
    public static StateHolidayCalendar LoadCalendar(IConfiguration configuration)
    {
        var path = configuration["Calendar:Path"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "calendars", "california.json");
        return StateHolidayCalendar.Load(path);
    }

    public static void AddReminders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<ReminderOptions>(configuration.GetSection("Reminders"));
        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.Configure<SmtpOptions>(configuration.GetSection("Smtp"));

        services.AddScoped<ReminderScheduler>();
        services.AddScoped<ReminderDispatcher>();
        services.AddScoped<ReminderSender>();
        services.AddScoped<SendReminderJob>();
        services.AddScoped<SendReminderBatchJob>();
        services.AddScoped<ClaimReminders.Handler>();
        services.AddScoped<ClaimReminders.FailedHandler>();
        services.AddScoped<Notifications.Handler>();
        services.AddScoped<DeadlinesFeed.Handler>();

        services.AddSingleton<IReminderJobQueue>(provider => new HangfireReminderJobQueue(provider.GetRequiredService<IBackgroundJobClient>(), provider.GetService<ReminderDispatchTrigger>()));
        if (configuration["Smtp:Host"] is { Length: > 0 })
        {
            services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }
        else
        {
            services.AddSingleton<IEmailTransport, OutboxEmailTransport>();
        }

        services.AddAntiforgery();

        // With PostgreSQL every instance is a Hangfire server on the shared database; SQLite means one instance and the in-memory store.
        var onPostgres = DatabaseSetup.Provider(configuration) == DatabaseProvider.Postgres;
        var storage = configuration["Hangfire:Storage"] is { Length: > 0 } name ? name : onPostgres ? "Postgres" : "InMemory";
        var usePostgres = storage.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        if (!usePostgres && !storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase))
        {
            throw new WorkflowDefinitionException([new DefinitionFault("configuration", "Hangfire:Storage", $"'{storage}' is not one of InMemory, Postgres")], "setting");
        }

        if (usePostgres && !onPostgres)
        {
            throw new WorkflowDefinitionException([new DefinitionFault("configuration", "Hangfire:Storage", "Postgres storage needs Database:Provider Postgres and ConnectionStrings:Postgres")], "setting");
        }

        // One instance by construction: on a shared store every instance's trigger would race the others' for the same
        // rows (two PostgreSQL instances fell from 90% to 58-81% of one), where the enqueued job's lock takes turns.
        if (configuration.GetValue("Hangfire:Server", true) && !usePostgres)
        {
            services.AddSingleton<ReminderDispatchTrigger>();
        }

        // Each host owns its storage. Hangfire.AspNetCore would otherwise hand every host the static
        // JobStorage.Current — the last one configured — so a second host in the process (tests, restarts) uses a store not its own.
        if (usePostgres)
        {
            var postgresOptions = new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromSeconds(configuration.GetValue("Hangfire:QueuePollSeconds", 5)),
                // A lock left by a killed instance counts as abandoned after this; with the default ten minutes the dispatcher's
                // lock stopped every other instance sending reminders that long. The dispatcher ends its run within 45 s.
                DistributedLockTimeout = TimeSpan.FromSeconds(configuration.GetValue("Hangfire:LockTimeoutSeconds", 120)),
            };
            services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(configuration.GetConnectionString("Postgres")!, postgresOptions), postgresOptions));
        }
        else
        {
            services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }));
        }

        services.AddHangfire((provider, hangfire) =>
        {
            hangfire.UseLogProvider(new TolerantLogProvider(provider.GetRequiredService<ILoggerFactory>()));
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            hangfire.UseStorage(provider.GetRequiredService<JobStorage>());
        });
        if (configuration.GetValue("Hangfire:Server", true))
        {
            // The job server's threads and its first polls wait for the first request (Startup.AfterFirstRequest).
            Startup.DeferredHostedService.Defer(services, "job server", added => added.AddHangfireServer(options =>
            {
                options.WorkerCount = configuration.GetValue("Hangfire:WorkerCount", Math.Max(2, Environment.ProcessorCount * 2));
                options.SchedulePollingInterval = TimeSpan.FromSeconds(configuration.GetValue("Hangfire:SchedulePollSeconds", 15));
            }));
        }
    }

    public static void UseReminders(this WebApplication app)
    {
        if (app.Configuration.GetValue("Hangfire:Server", true))
        {
            // After the first request (Startup.AfterFirstRequest): what came due while no instance ran goes out then, not at the next minute.
            _ = ScheduleDispatcherAsync(app);
        }

        // Hangfire answers a refused request with an empty 401/403; people get the app's sign-in and "not for your role" pages.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/hangfire") && !DashboardAuthorization.Allows(context.User))
            {
                context.Response.Redirect(context.User.Identity?.IsAuthenticated == true
                    ? "/Account/AccessDenied"
                    : "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString));
                return;
            }

            await next(context);
        });
        // Built on the first visit: configuring it creates the job storage, which start-up does not need.
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            var branch = ((IApplicationBuilder)app).New();
            branch.UseHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [new DashboardAuthorization()],
                IsReadOnlyFunc = DashboardAuthorization.IsReadOnly,
                DashboardTitle = "Call Center Recognition jobs",
                DisplayStorageConnectionString = false,
            });
            return branch.Build();
        });
        app.Use((context, next) => context.Request.Path.StartsWithSegments("/hangfire") ? dashboard.Value(context) : next(context));

        app.MapGet("/api/claims/{id:guid}/reminders", ClaimRemindersAsync).RequireAuthorization(Policies.Staff).WithName("ListClaimReminders");
        app.MapGet("/api/reminders/failed", async (ClaimReminders.FailedHandler handler, CancellationToken cancellationToken) => TypedResults.Ok(await handler.HandleAsync(cancellationToken)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Ccwg, Roles.Admin)).WithName("ListFailedReminders");

        var me = app.MapGroup("/api/me").RequireAuthorization(Policies.Staff);
        me.MapGet("/notifications", async (HttpContext http, Notifications.Handler handler, CancellationToken cancellationToken) =>
            TypedResults.Ok(await handler.ListAsync(http.User, 20, cancellationToken))).WithName("ListNotifications");
        me.MapPost("/notifications/{id:long}/read", MarkReadAsync).WithName("MarkNotificationRead")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPost("/deadlines-feed", CreateFeedAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Representative)).WithName("CreateDeadlinesFeed");
        me.MapDelete("/deadlines-feed", RevokeFeedAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Representative)).WithName("RevokeDeadlinesFeed")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/me/deadlines.ics", FeedAsync).AllowAnonymous().WithName("GetDeadlinesFeed").Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task ScheduleDispatcherAsync(WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await app.Services.GetRequiredService<Startup.AfterFirstRequest>().WaitAsync(stopping);
            while (true)
            {
                try
                {
                    var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
                    jobs.AddOrUpdate<ReminderDispatcher>(ReminderDispatcher.RecurringJobId, d => d.DispatchAsync(CancellationToken.None), Cron.Minutely());
                    jobs.Trigger(ReminderDispatcher.RecurringJobId);
                    Startup.StartupTrace.Mark("reminder dispatcher scheduled and its first run enqueued");
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    app.Logger.LogError(ex, "Scheduling the reminder dispatcher failed; tried again in 10 s");
                }

                await Task.Delay(TimeSpan.FromSeconds(10), stopping);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<IResult> ClaimRemindersAsync(Guid id, HttpContext http, ClaimReminders.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(id, http.User, cancellationToken);
        return result.Outcome switch
        {
            ClaimReminders.Outcome.NotFound => Problems.NotFound("The claim"),
            ClaimReminders.Outcome.NoAccess => Problems.Forbidden("You may see only claims assigned to you."),
            _ => TypedResults.Ok(result.Reminders),
        };
    }

    private static async Task<IResult> MarkReadAsync(long id, HttpContext http, Notifications.Handler handler, CancellationToken cancellationToken)
    {
        return await handler.MarkReadAsync(http.User, id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("The notification");
    }

    private static async Task<IResult> CreateFeedAsync(HttpContext http, DeadlinesFeed.Handler handler, PublicBaseUrl publicBaseUrl, CancellationToken cancellationToken)
    {
        var token = await handler.CreateTokenAsync(http.User, cancellationToken);
        var url = publicBaseUrl.For($"/api/me/deadlines.ics?token={Uri.EscapeDataString(token)}");
        return TypedResults.Ok(new { token, url });
    }

    private static async Task<IResult> RevokeFeedAsync(HttpContext http, DeadlinesFeed.Handler handler, CancellationToken cancellationToken)
    {
        return await handler.RevokeAsync(http.User, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("A calendar feed");
    }

    private static async Task<IResult> FeedAsync(string? token, HttpContext http, DeadlinesFeed.Handler handler, CancellationToken cancellationToken)
    {
        var feed = await handler.FeedAsync(token, cancellationToken);
        if (feed is null)
        {
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unknown feed", "The calendar feed token is unknown or was revoked.");
        }

        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Text(feed, "text/calendar; charset=utf-8");
    }
}
