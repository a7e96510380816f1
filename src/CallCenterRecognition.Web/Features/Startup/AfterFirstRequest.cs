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

    private readonly IHostApplicationLifetime lifetime;
    private readonly TimeSpan delay;

    public AfterFirstRequest(IHostApplicationLifetime lifetime, IOptions<StartupOptions> options)
    {
        this.lifetime = lifetime;
        delay = TimeSpan.FromSeconds(Math.Max(0, options.Value.BackgroundAfterSeconds));
    }

    public bool IsOpen => opened.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => opened.Task.WaitAsync(cancellationToken);

    public void Open()
    {
        if (opened.TrySetResult())
        {
            StartupTrace.Mark("background work may start");
        }
    }

    // The delay counts from the end of the database work: nothing in the background may run on a database still migrating.
    public async Task OpenAfterAsync(Task initialized)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await initialized.WaitAsync(stopping);
            await Task.Delay(delay, stopping);
            Open();
        }
        catch (Exception ex) when (ex is OperationCanceledException || initialized.IsFaulted)
        {
            // Stopping, or the database work failed and the host is stopping with it.
        }
    }
}

public static class StartupSetup
{
    public static void AddStartup(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StartupOptions>(builder.Configuration.GetSection("Startup"));
        builder.Services.AddSingleton<AfterFirstRequest>();
    }

    // First in the pipeline: a request waits here for the database work, and the gate opens once the whole first answer is written.
    public static void UseAfterInitialization(this WebApplication app, Task initialized)
    {
        var gate = app.Services.GetRequiredService<AfterFirstRequest>();
        _ = gate.OpenAfterAsync(initialized);
        app.Use(async (context, next) =>
        {
            if (gate.IsOpen)
            {
                await next(context);
                return;
            }

            await initialized.WaitAsync(context.RequestAborted);
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
