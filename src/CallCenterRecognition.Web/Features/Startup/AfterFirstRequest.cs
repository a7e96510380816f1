using CallCenterRecognition.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Startup;

public sealed class StartupOptions
{
    // Opens the gate when no request comes: a server nobody calls still sweeps its store and sends its reminders.
    public double BackgroundAfterSeconds { get; set; } = 2;

    public bool PacketWarmUp { get; set; } = true;
}

/// <summary>
/// Background work no request needs (the store sweep, the job server, the first reminder run, warm-ups) waits for this:
/// the first request answered, or <see cref="StartupOptions.BackgroundAfterSeconds"/> after the server listens, whichever
/// comes first. On two cores that work would otherwise share the CPU with the runtime compiling the first request's path.
/// </summary>
public sealed class AfterFirstRequest
{
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly AppInitialization initialization;

    public AfterFirstRequest(IHostApplicationLifetime lifetime, IOptions<StartupOptions> options, AppInitialization initialization)
    {
        this.initialization = initialization;
        var delay = TimeSpan.FromSeconds(Math.Max(0, options.Value.BackgroundAfterSeconds));
        lifetime.ApplicationStarted.Register(() => _ = OpenAfterAsync(delay, lifetime.ApplicationStopping));
    }

    public bool IsOpen => opened.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => opened.Task.WaitAsync(cancellationToken);

    // Never before the database is ready: the gate's work reads and writes it.
    public void Open()
    {
        if (initialization.Succeeded && opened.TrySetResult())
        {
            StartupTrace.Mark("background work may start");
        }
    }

    private async Task OpenAfterAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await initialization.Completion.WaitAsync(stopping);
            await Task.Delay(delay, stopping);
            Open();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception) when (initialization.Completion.IsFaulted)
        {
            // Start-up failed and the process is stopping: nothing runs in the background.
        }
    }
}

public static class StartupSetup
{
    public static void AddStartup(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StartupOptions>(builder.Configuration.GetSection("Startup"));
        builder.Services.AddSingleton<AppInitialization>();
        builder.Services.AddSingleton<AfterFirstRequest>();
    }

    // First in the pipeline, so the gate opens only once the whole first answer is written. Routing runs before it, so the
    // first request's endpoint table is built while the database work still runs; the request itself waits for that work.
    public static void UseAfterFirstRequest(this WebApplication app)
    {
        var gate = app.Services.GetRequiredService<AfterFirstRequest>();
        var initialization = app.Services.GetRequiredService<AppInitialization>();
        app.Use(async (context, next) =>
        {
            if (gate.IsOpen)
            {
                await next(context);
                return;
            }

            if (!initialization.Succeeded)
            {
                try
                {
                    await initialization.Completion.WaitAsync(context.RequestAborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await Problems.Status(StatusCodes.Status503ServiceUnavailable, "Starting failed", "The server could not start; see its log.").ExecuteAsync(context);
                    return;
                }
            }

            try
            {
                await next(context);
            }
            finally
            {
                StartupTrace.Mark($"first request answered ({context.Request.Path})");
                gate.Open();
            }
        });
    }
}
