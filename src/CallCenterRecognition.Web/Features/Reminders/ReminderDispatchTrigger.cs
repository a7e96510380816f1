namespace CallCenterRecognition.Web.Features.Reminders;

// Notices an action writes due now are claimed by a dispatcher run in this process, not by a Hangfire job per action: a
// job each meant a storage write, a fetch and a wait on the dispatcher's lock for every referral. Signals within the
// gather delay, or during a run, fold into one run, so a busy office's notices go out in batches. Runs never overlap;
// the minutely job may run beside one, which the dispatcher's leases make safe. A run lost to a crash leaves its rows
// due, and the minutely job takes them. Used with the in-memory job store only (one instance, see RemindersSetup).
public sealed class ReminderDispatchTrigger(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<ReminderDispatchTrigger> logger)
{
    // Short against the minute a recurring run would take, long enough that a burst of referrals shares one claim.
    public static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(100);

    private const int Idle = 0, Running = 1, RunAgain = 2;

    private int state;

    private Task running = Task.CompletedTask;

    // The last run started, for tests and shutdown; completed when idle.
    public Task LastRun => Volatile.Read(ref running);

    public void Signal()
    {
        while (true)
        {
            var current = Volatile.Read(ref state);
            if (current == RunAgain)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref state, current + 1, current) == current)
            {
                if (current == Idle)
                {
                    Volatile.Write(ref running, Task.Run(RunAsync));
                }

                return;
            }
        }
    }

    private async Task RunAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        while (true)
        {
            try
            {
                await Task.Delay(GatherDelay, stopping);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().DispatchAsync(stopping);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // The host is stopping (its services may be gone already); what is left is the next start's first run.
                Volatile.Write(ref state, Idle);
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dispatching the notices just written failed; the recurring dispatcher sends them");
            }

            if (Interlocked.CompareExchange(ref state, Idle, Running) == Running)
            {
                return;
            }

            Volatile.Write(ref state, Running);
        }
    }
}
