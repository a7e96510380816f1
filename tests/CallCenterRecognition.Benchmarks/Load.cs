using System.Diagnostics;

namespace CallCenterRecognition.Benchmarks;

public sealed record LoadResult(int Count, int Errors, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

public static class Load
{
    // Runs `clients` loops of `operation` until the time is up (or `limit` operations in all); each returns false on an error.
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<int, long, Task<bool>> operation, long limit = long.MaxValue)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        long issued = 0;
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(100_000);
            while (watch.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > limit)
                {
                    break;
                }

                var started = Stopwatch.GetTimestamp();
                var ok = await operation(client, n);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        watch.Stop();
        var all = latencies.SelectMany(l => l).ToArray();
        return new LoadResult(all.Length - errors, errors, watch.Elapsed, all);
    }
}
