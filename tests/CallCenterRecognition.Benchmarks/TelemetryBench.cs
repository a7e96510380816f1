using System.Globalization;
using CallCenterRecognition.Web.Tests;
using Microsoft.Data.Sqlite;

namespace CallCenterRecognition.Benchmarks;

// The actions load against two apps on two copies of one database, telemetry off on one and on in the other (metrics and
// traces pushed over OTLP to a collector on loopback, /metrics scraped each round), measured in alternating short rounds
// (off, on, on, off, …) so that whatever else the machine does lands on both sides alike.
public static class TelemetryBench
{
    private const string ScrapeToken = "benchmark-scrape-token";

    public sealed record Result(LoadResult Off, LoadResult On, double[] RoundRatios, int Rounds, TimeSpan Round, long Scrapes, long Exports, long ExportedBytes)
    {
        public string Describe()
        {
            var sorted = RoundRatios.Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture,
                $"Telemetry: two app processes on two copies of the database after the actions row, each warmed for 20 s, then {Rounds} rounds of {Round.TotalSeconds:F0} s a side in the order off, on, on, off, … with a second's pause between; on = `OpenTelemetry:Endpoint` (OTLP http/protobuf to a collector on loopback, metrics every 5 s, traces with the app's default sampling) + `/metrics` scraped at the start of each round ({Scrapes} scrapes, {Exports} OTLP exports, {ExportedBytes / 1024.0:N0} KB). Rates are the sums over the rounds ({On.Count:N0} and {Off.Count:N0} actions, {On.Errors} and {Off.Errors} errors); on/off per pair of rounds: median {100 * sorted[sorted.Length / 2]:F0}%, range {100 * sorted[0]:F0}–{100 * sorted[^1]:F0}%.");
        }
    }

    public static async Task<Result> RunAsync(string folder, string database, IReadOnlyDictionary<string, string> settings, IReadOnlyList<Guid>[] intake, IReadOnlyList<string> representatives, int clientCount, int rounds = 10, int roundSeconds = 3)
    {
        var offFolder = Copy(folder, database, "telemetry-off");
        var onFolder = Copy(folder, database, "telemetry-on");
        using var collector = OtlpSink.Start();
        await using var off = await AppProcess.StartAsync(offFolder, With(settings, offFolder));
        await using var on = await AppProcess.StartAsync(onFolder, With(settings, onFolder, new()
        {
            ["OpenTelemetry:Prometheus:Enabled"] = "true",
            ["OpenTelemetry:Prometheus:Token"] = ScrapeToken,
            ["OpenTelemetry:Endpoint"] = collector.Url,
            ["OpenTelemetry:ExportIntervalSeconds"] = "5",
        }));
        var offClients = await ClientsAsync(off, clientCount);
        var onClients = await ClientsAsync(on, clientCount);
        var offLoad = new ActionLoad(intake, representatives);
        var onLoad = new ActionLoad(intake, representatives);
        using var scraper = new HttpClient { BaseAddress = on.Address };
        scraper.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ScrapeToken);
        long scrapes = 0;

        var round = TimeSpan.FromSeconds(roundSeconds);
        await offLoad.RunAsync(offClients, TimeSpan.FromSeconds(20));
        await onLoad.RunAsync(onClients, TimeSpan.FromSeconds(20));
        var offRounds = new List<LoadResult>();
        var onRounds = new List<LoadResult>();
        for (var i = 0; i < rounds; i++)
        {
            foreach (var onTurn in i % 2 == 0 ? new[] { false, true } : [true, false])
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                if (onTurn)
                {
                    scrapes += (await scraper.GetAsync("/metrics")).IsSuccessStatusCode ? 1 : 0;
                    onRounds.Add(await onLoad.RunAsync(onClients, round));
                }
                else
                {
                    offRounds.Add(await offLoad.RunAsync(offClients, round));
                }
            }
        }

        await off.DisposeAsync();
        await on.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(offFolder, recursive: true);
        Directory.Delete(onFolder, recursive: true);
        var ratios = offRounds.Zip(onRounds, (o, n) => n.PerSecond / o.PerSecond).ToArray();
        return new Result(Sum(offRounds), Sum(onRounds), ratios, rounds, round, scrapes, collector.Requests, collector.Bytes);
    }

    private static LoadResult Sum(List<LoadResult> rounds) => new(
        rounds.Sum(r => r.Count),
        rounds.Sum(r => r.Errors),
        TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)),
        [.. rounds.SelectMany(r => r.LatenciesMs)]);

    private static async Task<List<HttpClient>> ClientsAsync(AppProcess app, int count)
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await app.ClientForAsync("mrc@demo.local"));
        }

        return clients;
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> settings, string folder, Dictionary<string, string>? extra = null)
    {
        var merged = new Dictionary<string, string>(settings) { ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "ccr.db")}" };
        foreach (var (key, value) in extra ?? [])
        {
            merged[key] = value;
        }

        return merged;
    }

    // A consistent copy through SQLite's backup API (the source may still hold a WAL), with the data folder's keys.
    private static string Copy(string folder, string database, string name)
    {
        var target = Path.Combine(folder, name);
        Directory.CreateDirectory(target);
        using (var source = new SqliteConnection($"Data Source={database}"))
        using (var copy = new SqliteConnection($"Data Source={Path.Combine(target, "ccr.db")}"))
        {
            source.Open();
            copy.Open();
            source.BackupDatabase(copy);
        }

        var data = Path.Combine(folder, "data");
        if (Directory.Exists(data))
        {
            foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}documents{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var destination = Path.Combine(target, "data", Path.GetRelativePath(data, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        SqliteConnection.ClearAllPools();
        return target;
    }
}
