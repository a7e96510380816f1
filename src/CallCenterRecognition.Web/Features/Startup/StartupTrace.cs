using System.Diagnostics;

namespace CallCenterRecognition.Web.Features.Startup;

/// <summary>
/// Where start-up spends its time, measured from the process's start (so the runtime's own start counts too). With
/// <c>--startup-trace</c> each step prints one line as it ends, including the work moved after the first request.
/// </summary>
public static class StartupTrace
{
    private static readonly DateTime ProcessStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private static readonly Lock Gate = new();
    private static TimeSpan last;

    /// <summary>Whether steps are printed; set once, from the command line.</summary>
    public static bool Enabled { get; set; }

    /// <summary>Time since the process started.</summary>
    public static TimeSpan SinceProcessStart => DateTime.UtcNow - ProcessStart;

    /// <summary>Prints that <paramref name="step"/> ended now, with the time since the previous step.</summary>
    public static void Mark(string step)
    {
        if (!Enabled)
        {
            return;
        }

        var now = SinceProcessStart;
        TimeSpan previous;
        lock (Gate)
        {
            previous = last;
            last = now;
        }

        Console.Out.WriteLine($"start-up {now.TotalMilliseconds,7:F0} ms (+{(now - previous).TotalMilliseconds,5:F0}) {step}");
    }

    /// <summary>Runs <paramref name="work"/> and marks it done.</summary>
    public static async Task StepAsync(string step, Func<Task> work)
    {
        await work();
        Mark(step);
    }
}
