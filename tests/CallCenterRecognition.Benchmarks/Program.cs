using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenterRecognition.Benchmarks;
using CallCenterRecognition.Web.Tests;
using Microsoft.Data.Sqlite;

if (args.Length > 0 && args[0] == "--reference-server")
{
    return await ReferenceServer.RunAsync(args[1..]);
}

if (args.Length > 1 && args[0] == "--packet-inputs")
{
    Console.WriteLine(PacketBench.Prepare(args[1]).Inputs);
    return 0;
}

if (args.Length > 0 && args[0] == "--packet-child")
{
    return PacketBench.Child(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1, args.Length > 4 && args[4] == "warm-up");
}

var options = Options.Parse(args);
var report = new Report(options);
if (options.Runs("ocr"))
{
    // OCR needs no database: with --only ocr the run ends here.
    var ocr = await OcrBench.RunAsync(12);
    report.Row(
        $"OCR: {ocr.Pages} scanned PDF pages, pages per minute",
        $"{ocr.ProductPerMinute:F1}/min through TextExtractor",
        $"{ocr.ReferencePerMinute:F1}/min tesseract alone on the same page images",
        Ratio(ocr.ProductPerMinute, ocr.ReferencePerMinute),
        "≥ 90%");
    report.Note($"OCR: median of {OcrBench.Describe(ocr.ProductRuns)} pages/min (extractor) against {OcrBench.Describe(ocr.ReferenceRuns)} (tesseract alone, same arguments and OMP_THREAD_LIMIT=1, one process a page), the two alternating in one process after a warm-up page each; word recall of the extracted pages {ocr.Recall:P1}.");
    if (options.Only is { Length: 1 })
    {
        return 0;
    }
}

if (options.Runs("upload"))
{
    var upload = await UploadBench.RunAsync(400);
    report.Row(
        "Uploads while the reader OCRs a backlog, 4 clients (p50/p99)",
        Rate(upload.On) + " reader busy",
        Rate(upload.Off) + " reader off",
        Ratio(upload.Off.P99, upload.On.P99),
        "≥ 90% (p99 within 10%)");
    report.Note($"Uploads: {upload.On.Count} one-page PDFs in each phase ({upload.On.Errors} and {upload.Off.Errors} errors; refused: {upload.Failures}); the ratio is p99 with the reader off over p99 with it busy. {upload.Backlog - upload.BacklogLeft} of {upload.Backlog} scanned pages of the backlog were read while the uploads ran ({upload.BacklogLeft} still waiting at the end, so the reader was busy throughout{(upload.BacklogLeft == 0 ? " — not quite: it finished first" : string.Empty)}).");
    if (options.Only is { Length: 1 })
    {
        return 0;
    }
}

if (options.Runs("million"))
{
    MillionBench.Report(report, await MillionBench.RunAsync(MillionBench.ClaimsFrom(args), TimeSpan.FromSeconds(options.Seconds / 2.0)));
    if (options.Only is { Length: 1 })
    {
        return 0;
    }
}

// The PostgreSQL rows need no SQLite file: with --only pg (or pg-queries, pg-actions, pg-scaleout alone) the run ends here.
var postgresParts = PostgresBench.Parts.Append("pg").ToArray();
if (options.Only is { } onlyParts && onlyParts.All(postgresParts.Contains))
{
    await PostgresBench.RunAsync(options, report);
    return 0;
}

var folder = Directory.CreateTempSubdirectory("ccr-bench-").FullName;
var database = Path.Combine(folder, "ccr.db");
var settings = new Dictionary<string, string>
{
    ["ConnectionStrings:Sqlite"] = $"Data Source={database}",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
};
try
{
    Console.WriteLine($"Preparing a database with {options.Claims:N0} claims in {folder} ...");
    List<string> demoReps;
    string rep1Id;
    await using (var first = await AppProcess.StartAsync(folder, new Dictionary<string, string>(settings) { ["Demo"] = "true", ["DemoOffice"] = "false" }))
    {
        var mrc = await first.ClientForAsync("mrc@demo.local");
        var reps = await mrc.GetFromJsonAsync<JsonElement>("/api/representatives");
        demoReps = [.. reps.EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
        rep1Id = reps.EnumerateArray().First(r => r.GetProperty("email").GetString() == "rep1@demo.local").GetProperty("id").GetString()!;
    }

    SqliteConnection.ClearAllPools();
    var seeded = Seeder.Fill(database, options.Claims, 48, demoReps);
    Console.WriteLine($"  seeded in {seeded.Elapsed.TotalSeconds:F1} s");

    // Start-up: process start to /health/ready, and idle memory, against a bare Kestrel process on the same runtime.
    // Probed every 20 ms, as the reference is, so neither waits on the poll.
    var startWatch = Stopwatch.StartNew();
    var app = await AppProcess.StartAsync(folder, settings, TimeSpan.FromMilliseconds(20), "--startup-trace");
    var startup = startWatch.Elapsed;
    if (options.Runs("startup"))
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idle = app.WorkingSetBytes;
        var (refStartup, refIdle) = await ReferenceServer.MeasureAsync(database);
        report.Row("Start-up: process start to ready", $"{startup.TotalMilliseconds:F0} ms", $"{refStartup.TotalMilliseconds:F0} ms (bare Kestrel + SQLite count)", $"{startup.TotalMilliseconds / refStartup.TotalMilliseconds:F1}× time", "≤ 2× time");
        report.Row("Start-up: idle working set", $"{idle / 1048576.0:F0} MB", $"{refIdle / 1048576.0:F0} MB", Ratio(refIdle, idle), "—");
        var trace = app.Output.Split('\n').Where(l => l.StartsWith("start-up", StringComparison.Ordinal)).Select(l => l["start-up".Length..].Trim());
        report.Note("Start-up steps (`--startup-trace`, ms since the process started, + since the step before): " + string.Join("; ", trace) + ".");
    }

    try
    {
        // Queries.
        var rep = await app.ClientForAsync("rep1@demo.local");
        var mrcClients = new List<HttpClient>();
        for (var i = 0; i < options.Clients; i++)
        {
            mrcClients.Add(await app.ClientForAsync("mrc@demo.local"));
        }

        var repClients = Enumerable.Range(0, options.Clients).Select(_ => new HttpClient { BaseAddress = app.Address, DefaultRequestHeaders = { Authorization = rep.DefaultRequestHeaders.Authorization } }).ToList();
        var random = new Random(7);
        var sample = Enumerable.Range(0, 5_000).Select(_ => seeded.AllClaims[random.Next(seeded.AllClaims.Count)]).ToArray();
        var queryTime = TimeSpan.FromSeconds(options.Seconds / 2.0);
        // Long enough for the tiered JIT to reach its optimised code on a busy machine, as on a server in use; 2 s measured a half-compiled app.
        var warmUp = TimeSpan.FromSeconds(10);

        Console.WriteLine($"App process {app.ProcessId} on {app.Address}");
        if (options.Runs("queries"))
        {
        await Load.RunAsync(options.Clients, warmUp, async (c, _) => (await repClients[c].GetAsync("/api/claims?page=1&pageSize=25")).IsSuccessStatusCode);
        var queue = await Load.RunAsync(options.Clients, queryTime, async (c, _) => (await repClients[c].GetAsync("/api/claims?page=1&pageSize=25")).IsSuccessStatusCode);
        var queueRef = ReferenceQueries.Queue(database, rep1Id, options.Clients, queryTime);
        report.Row("Query: representative queue (p50/p99)", Rate(queue), Rate(queueRef), Ratio(queue.PerSecond, queueRef.PerSecond), "≥ 50%");

        await Load.RunAsync(options.Clients, warmUp, async (c, n) => (await mrcClients[c].GetAsync($"/api/claims/{sample[n % sample.Length]}")).IsSuccessStatusCode);
        var claimCpuBefore = Process.GetProcessById(app.ProcessId).TotalProcessorTime;
        var claimPage = await Load.RunAsync(options.Clients, queryTime, async (c, n) => (await mrcClients[c].GetAsync($"/api/claims/{sample[n % sample.Length]}")).IsSuccessStatusCode);
        var claimCpu = (Process.GetProcessById(app.ProcessId).TotalProcessorTime - claimCpuBefore).TotalMilliseconds / Math.Max(1, claimPage.Count);
        Console.WriteLine($"  app CPU per claim view: {claimCpu:F2} ms");
        var claimRef = ReferenceQueries.Claim(database, sample, options.Clients, queryTime);
        report.Row("Query: claim API (p50/p99)", Rate(claimPage), Rate(claimRef), Ratio(claimPage.PerSecond, claimRef.PerSecond), "≥ 50%");
        report.Note($"Claim API: the app used {claimCpu:F2} ms of CPU per view ({claimPage.Count:N0} views).");
        var claimHttpRef = await ReferenceServer.ClaimOverHttpAsync(database, sample, options.Clients, queryTime);
        report.Row("Query: claim API vs the same SQL behind bare Kestrel", Rate(claimPage), Rate(claimHttpRef), Ratio(claimPage.PerSecond, claimHttpRef.PerSecond), "≥ 50%");
        }

        if (options.Runs("queries") || options.Runs("dashboard"))
        {
        var ccwg = await app.ClientForAsync("ccwg@demo.local");
        var ccwgClients = Enumerable.Range(0, options.Clients).Select(_ => new HttpClient { BaseAddress = app.Address, DefaultRequestHeaders = { Authorization = ccwg.DefaultRequestHeaders.Authorization } }).ToList();
        await Load.RunAsync(options.Clients, warmUp, async (c, _) => (await ccwgClients[c].GetAsync("/api/dashboard")).IsSuccessStatusCode);
        var dashboard = await Load.RunAsync(options.Clients, queryTime, async (c, _) => (await ccwgClients[c].GetAsync("/api/dashboard")).IsSuccessStatusCode);
        var dashboardRef = ReferenceQueries.Dashboard(database, ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied"], options.Clients, queryTime);
        report.Row("Query: CCWG dashboard (p50/p99)", Rate(dashboard), Rate(dashboardRef), Ratio(dashboard.PerSecond, dashboardRef.PerSecond), "≥ 50%");
        }

        if (options.Runs("actions"))
        {

        var load = new ActionLoad(ActionLoad.Split(seeded.IntakeClaims, options.Clients), seeded.Representatives);
        // The server's code paths reach their optimised tier (tiered JIT) before the clock starts, as on a server in use.
        await load.RunAsync(mrcClients, TimeSpan.FromSeconds(20));
        var actionsCpuBefore = Process.GetProcessById(app.ProcessId).TotalProcessorTime;
        var refersBefore = load.Refers;
        var actions = await load.RunAsync(mrcClients, TimeSpan.FromSeconds(options.Seconds));
        var refers = load.Refers - refersBefore;
        var actionCpu = (Process.GetProcessById(app.ProcessId).TotalProcessorTime - actionsCpuBefore).TotalMilliseconds / Math.Max(1, actions.Count);
        Console.WriteLine($"  app CPU per action: {actionCpu:F2} ms");
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        // The reference's rate swings with the disk's fsync time from run to run (1,250–2,200/s on this machine): the median of three.
        var actionsRef = Enumerable.Range(0, 3).Select(_ => ReferenceActions.Run(database, folder, seeded.AllClaims, options.Clients, actions.Count)).OrderBy(r => r.PerSecond).ElementAt(1);
        report.Row("Actions over HTTP, 8 clients (p50/p99)", Rate(actions), Rate(actionsRef) + " raw UPDATE+INSERT", Ratio(actions.PerSecond, actionsRef.PerSecond), "≥ 50% (median of three runs)");
        report.Note($"Actions: {actions.Count:N0} acknowledged ({refers:N0} refer, {actions.Count - refers:N0} add-note), {actions.Errors} errors in {actions.Elapsed.TotalSeconds:F1} s after a 20 s warm-up, the app using {actionCpu:F2} ms of CPU per action; the reference ran the same number of transactions ({actionsRef.Count:N0}), three times on a fresh copy of the database each, median shown.");

        var telemetry = await TelemetryBench.RunAsync(folder, database, settings, load.Untaken(), seeded.Representatives, options.Clients);
        report.Row("Actions with metrics and tracing on, 8 clients (p50/p99)", Rate(telemetry.On), Rate(telemetry.Off) + " off, same rounds", Ratio(telemetry.On.PerSecond, telemetry.Off.PerSecond), "≥ 95%");
        report.Note(telemetry.Describe());
        }

        await app.DisposeAsync();
        if (options.Runs("reminders"))
        {

        // Reminders: 10,000 due rows dispatched by the app (Hangfire in-memory, its own worker count) to the .eml outbox,
        // then the same number claimed and marked sent by bare SQL on a copy of the same file.
        var (seededReminders, seededAfter) = ReferenceReminders.Seed(database, options.Reminders);
        var outbox = Path.Combine(folder, "outbox");
        // Three fresh copies for the reference (each run marks its copy sent), median shown.
        var remindersCopies = Enumerable.Range(0, 3).Select(i => Path.Combine(folder, $"reminders-reference-{i}.db")).ToList();
        using (var source = new SqliteConnection($"Data Source={database}"))
        {
            source.Open();
            foreach (var copy in remindersCopies)
            {
                using var backup = new SqliteConnection($"Data Source={copy}");
                source.BackupDatabase(backup);
            }
        }

        SqliteConnection.ClearAllPools();
        var reminderWatch = Stopwatch.StartNew();
        TimeSpan reminderTime;
        TimeSpan reminderReady;
        TimeSpan reminderUser, reminderSystem, readyUser, readySystem;
        await using (var dispatching = await AppProcess.StartAsync(folder, new Dictionary<string, string>(settings) { ["Email:OutboxPath"] = outbox }))
        {
            reminderReady = reminderWatch.Elapsed;
            using var dispatchingProcess = Process.GetProcessById(dispatching.ProcessId);
            (readyUser, readySystem) = (dispatchingProcess.UserProcessorTime, dispatchingProcess.PrivilegedProcessorTime);
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (ReferenceReminders.Pending(database, seededAfter) > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            reminderTime = reminderWatch.Elapsed;
            dispatchingProcess.Refresh();
            (reminderUser, reminderSystem) = (dispatchingProcess.UserProcessorTime - readyUser, dispatchingProcess.PrivilegedProcessorTime - readySystem);
        }

        // The seeded reminders' files only: notices of the actions part went to the same outbox.
        var sentFiles = Directory.Exists(outbox)
            ? Directory.GetFiles(outbox, "reminder-*.eml").Count(f => long.TryParse(Regex.Match(Path.GetFileName(f), @"^reminder-(\d+)").Groups[1].Value, CultureInfo.InvariantCulture, out var id) && id > seededAfter)
            : 0;
        var reminderRefTimes = remindersCopies.Select(copy => ReferenceReminders.Run(copy, seededAfter)).ToList();
        var reminderRefTime = reminderRefTimes.Order().ElementAt(1);
        var reminderRate = seededReminders / reminderTime.TotalSeconds;
        var reminderRefRate = seededReminders / reminderRefTime.TotalSeconds;
        report.Row($"Reminders: {seededReminders:N0} due, to the outbox", $"{reminderRate:N0}/s ({reminderTime.TotalSeconds:F1} s incl. start-up)", $"{reminderRefRate:N0}/s raw claim + mark sent", Ratio(reminderRate, reminderRefRate), "≥ 30%");
        report.Note($"Reminders: {seededReminders / (reminderTime - reminderReady).TotalSeconds:N0}/s from ready to the last row sent ({(reminderTime - reminderReady).TotalSeconds:F1} s after {reminderReady.TotalSeconds:F1} s of start-up); reference runs {string.Join(", ", reminderRefTimes.Select(t => $"{seededReminders / t.TotalSeconds:N0}/s"))} on three fresh copies, median shown.");
        var reminderCpuNote = $"Reminders: the app's CPU a reminder after ready {(reminderUser + reminderSystem).TotalMilliseconds * 1000 / seededReminders:F0} µs ({reminderUser.TotalMilliseconds * 1000 / seededReminders:F0} µs user, {reminderSystem.TotalMilliseconds * 1000 / seededReminders:F0} µs kernel: the file system's part), {(readyUser + readySystem).TotalSeconds:F1} s of CPU to ready.";
        Console.WriteLine("  " + reminderCpuNote);
        report.Note(reminderCpuNote);
        report.Note($"Reminders: {sentFiles:N0} .eml files written for {seededReminders:N0} due reminders (one each; a reminder's file name is its id, so a duplicate send would overwrite, and the rows say sent once).");

        }

        if (options.Runs("packet"))
        {
        // Packets: 20 exhibits (10 PDFs, 100 pages; 10 photos) against qpdf merging the same PDFs.
        var packet = PacketBench.Run(folder);
        report.Row(
            $"Packet: 20 exhibits, {packet.Pages} pages",
            $"{packet.WarmBuildMs:F0} ms a build in a warm process; peak {packet.PeakBytes / 1048576.0:F0} MB; {packet.PacketBytes / 1048576.0:F1} MB",
            $"{packet.QpdfMs:F0} ms qpdf --empty --pages (PDFs only, {packet.QpdfBytes / 1048576.0:F1} MB)",
            $"{packet.WarmBuildMs / packet.QpdfMs:F1}× time",
            "≤ 3× time; < 300 MB");
        report.Row(
            "Packet: first build after process start",
            $"{packet.FirstBuildMs:F0} ms, requested {PacketBench.FirstRequestAfterWarmUp.TotalSeconds:F0} s after the app's warm-up starts (cold, no warm-up: {packet.ColdFirstBuildMs:F0} ms)",
            $"{packet.QpdfMs:F0} ms qpdf",
            $"{packet.FirstBuildMs / packet.QpdfMs:F1}× time",
            "≤ 3× time");
        report.Note($"Packet size {packet.PacketBytes / 1048576.0:F2} MB for {packet.InputBytes / 1048576.0:F2} MB of inputs: {(double)packet.PacketBytes / packet.InputBytes:F2}× (target ≤ 1.2×). Warm figure: median of builds 7–12 in one process (builds 2–6 let the tiered JIT recompile the packet path, as a running server's earlier packets do), against the median of 6 qpdf runs (each a process start, as qpdf always is). The packet also draws cover, statement, index, separators, stamps and bookmarks, and places the 10 photos qpdf does not touch. Peak working set is the child's VmHWM over all twelve builds.");
        }

        if (options.Runs("queries") || options.Runs("dashboard"))
        {
        // Query plans of the SQL the app really runs, captured from its own log.
        await using var logged = await AppProcess.StartAsync(folder, new Dictionary<string, string>(settings)
        {
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        });
        var repLogged = await logged.ClientForAsync("rep1@demo.local");
        var mrcLogged = await logged.ClientForAsync("mrc@demo.local");
        var mark = logged.Output.Length;
        (await repLogged.GetAsync("/api/claims?page=1&pageSize=25")).EnsureSuccessStatusCode();
        await Task.Delay(500);
        var queueSql = QueryPlans.Capture(logged.Output[mark..]);
        mark = logged.Output.Length;
        (await mrcLogged.GetAsync($"/api/claims/{sample[0]}")).EnsureSuccessStatusCode();
        await Task.Delay(500);
        var claimSql = QueryPlans.Capture(logged.Output[mark..]);
        var ccwgLogged = await logged.ClientForAsync("ccwg@demo.local");
        mark = logged.Output.Length;
        (await ccwgLogged.GetAsync("/api/dashboard")).EnsureSuccessStatusCode();
        await Task.Delay(500);
        var dashboardSql = QueryPlans.Capture(logged.Output[mark..]);
        report.Plans("Representative queue", QueryPlans.Explain(database, queueSql));
        report.Plans("Claim API", QueryPlans.Explain(database, claimSql));
        report.Plans("CCWG dashboard", QueryPlans.Explain(database, dashboardSql));
        if (options.Only is not null)
        {
            Console.WriteLine(string.Join("\n\n", dashboardSql));
        }

        }

        if (options.Runs("migration"))
        {
        // Migration: the open claims on version 1 moved to version 2 by the app (POST, then its Hangfire job, one transaction a
        // claim), from the POST to the status saying done; against the least SQL a migration must write, on a fresh copy of the file.
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        var surplus = ReferenceMigration.KeepOnVersion1(database, options.Migrate);
        var toMigrate = ReferenceMigration.OpenOn(database, 1);
        var premigration = Path.Combine(folder, "migration-before.db");
        ReferenceMigration.Copy(database, premigration);
        SqliteConnection.ClearAllPools();
        Console.WriteLine($"Migrating {toMigrate:N0} open claims from version 1 to 2 ({surplus:N0} others re-pinned to version 2 by SQL beforehand) ...");
        TimeSpan migrationTime;
        TimeSpan migrationCpu;
        JsonElement status;
        int polls = 0;
        var progress = new List<(TimeSpan At, int Done)>();
        await using (var migrating = await AppProcess.StartAsync(folder, settings))
        {
            var admin = await migrating.ClientForAsync("admin@demo.local");
            var cpuBefore = Process.GetProcessById(migrating.ProcessId).TotalProcessorTime;
            var migrationWatch = Stopwatch.StartNew();
            var started = await admin.PostAsJsonAsync($"/api/workflows/{ReferenceMigration.DefinitionId}/migrations", new { fromVersion = 1, toVersion = 2, dryRun = false });
            if (started.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Starting the migration answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
            }

            var statusUrl = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!;
            var deadline = DateTime.UtcNow.AddMinutes(30);
            while (true)
            {
                await Task.Delay(100);
                polls++;
                status = await admin.GetFromJsonAsync<JsonElement>(statusUrl);
                progress.Add((migrationWatch.Elapsed, status.GetProperty("done").GetInt32()));
                if (status.GetProperty("status").GetString() is "done" or "failed" || DateTime.UtcNow > deadline)
                {
                    break;
                }
            }

            migrationTime = migrationWatch.Elapsed;
            using var appProcess = Process.GetProcessById(migrating.ProcessId);
            migrationCpu = appProcess.TotalProcessorTime - cpuBefore;
        }

        SqliteConnection.ClearAllPools();
        var leftOnV1 = ReferenceMigration.OpenOn(database, 1);
        var migratedEntries = ReferenceMigration.Count(database, "SELECT COUNT(*) FROM JournalEntries WHERE Action = 'migrated'");
        var migratedOnV2 = ReferenceMigration.Count(database, "SELECT COUNT(*) FROM Claims c WHERE c.DefinitionVersion = 2 AND EXISTS (SELECT 1 FROM JournalEntries j WHERE j.ClaimId = c.Id AND j.Action = 'migrated')");
        var migrationRefs = Enumerable.Range(0, 3).Select(_ =>
        {
            var copy = Path.Combine(folder, "migration-reference.db");
            ReferenceMigration.Copy(premigration, copy);
            var result = ReferenceMigration.Run(copy);
            SqliteConnection.ClearAllPools();
            return result;
        }).OrderBy(r => r.Elapsed).ToList();
        var migrationRef = migrationRefs[1];
        var migrationRate = toMigrate / migrationTime.TotalSeconds;

        // The job's rate once warm: from the first poll at or past half the claims to the last, as the status reports done
        // (every 200 claims). The row keeps the whole run, start-up and tiered JIT included, as a migration runs in practice.
        var half = progress.FirstOrDefault(p => p.Done >= toMigrate / 2);
        var end = progress.Count > 0 ? progress[^1] : default;
        Console.WriteLine("  done by time: " + string.Join(", ", progress.Where((_, n) => n % 20 == 19).Select(p => $"{p.At.TotalSeconds:F0} s {p.Done:N0}")));
        var secondHalf = end.At > half.At && end.Done > half.Done ? $"{(end.Done - half.Done) / (end.At - half.At).TotalSeconds:N0}/s" : "n/a";
        var migrationRefRate = migrationRef.Claims / migrationRef.Elapsed.TotalSeconds;
        report.Row(
            $"Migration: {toMigrate:N0} open claims v1 → v2",
            $"{migrationRate:N0}/s ({migrationTime.TotalSeconds:F1} s POST to done)",
            $"{migrationRefRate:N0}/s raw UPDATE+INSERT a claim",
            Ratio(migrationRate, migrationRefRate),
            "—");
        report.Note($"Migration: status {status.GetProperty("status").GetString()}, done {status.GetProperty("done").GetInt32():N0} of {status.GetProperty("total").GetInt32():N0}, blocked {status.GetProperty("blocked").GetInt32():N0}; " +
            $"afterwards (count queries) {leftOnV1:N0} open claims left on version 1, {migratedOnV2:N0} claims on version 2 with a 'migrated' journal entry ({migratedEntries:N0} such entries); " +
            $"status polled every 100 ms ({polls} polls), the job's start-up and JIT included; over the second half of the claims alone {secondHalf}; the app process used {migrationCpu.TotalSeconds:F1} s of CPU in those {migrationTime.TotalSeconds:F1} s. The reference moved {migrationRef.Claims:N0} claims one transaction each on a fresh copy of the pre-migration file, " +
            $"three times, median shown ({string.Join(", ", migrationRefs.Select(r => $"{r.Claims / r.Elapsed.TotalSeconds:N0}/s"))})." +
            (surplus > 0 ? $" The other {surplus:N0} open claims the seeder wrote were re-pinned to version 2 by SQL before the run, so {options.Migrate:N0} move." : string.Empty));
        }
    }
    finally
    {
        await app.DisposeAsync();
    }

    if (postgresParts.Any(options.Runs))
    {
        await PostgresBench.RunAsync(options, report);
    }

    report.Write(options.Only is null);
    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

static string Rate(LoadResult r) => $"{r.PerSecond:N0}/s ({r.P50:F2} / {r.P99:F2} ms)";

static string Ratio(double product, double reference) => $"{100 * product / reference:F0}%";

public sealed record Options(int Claims, int Seconds, int Clients, int Reminders, int Migrate, string[]? Only)
{
    // --only startup,queries,dashboard,actions,reminders,packet,migration,ocr,upload,million runs those parts and leaves RESULTS.md as it is
    // (queries includes the dashboard; dashboard alone is that one row); pg runs the PostgreSQL rows (pg-queries, pg-actions,
    // pg-scaleout one of them), on CCR_TEST_POSTGRES or the server scripts/postgres.sh starts.
    public bool Runs(string part) => Only is null || Only.Contains(part, StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        return new Options(Value("--claims", 100_000), Value("--seconds", 20), Value("--clients", 8), Value("--reminders", 10_000), Value("--migrate", 10_000), only);
    }
}

public sealed class Report(Options options)
{
    private readonly List<string[]> rows = [];
    private readonly List<string> notes = [];
    private readonly StringBuilder plans = new();
    private readonly StringBuilder postgresPlans = new();

    public void Row(string what, string product, string reference, string ratio, string target)
    {
        rows.Add([what, product, reference, ratio, target]);
        Console.WriteLine($"{what,-42} {product,-32} {reference,-48} {ratio,6}  target {target}");
    }

    public void Note(string note)
    {
        notes.Add(note);
        Console.WriteLine(note);
    }

    public void Plans(string title, IEnumerable<(string Sql, string Plan)> explained)
    {
        plans.AppendLine(CultureInfo.InvariantCulture, $"### {title}").AppendLine();
        foreach (var (sql, plan) in explained)
        {
            plans.AppendLine("```sql").AppendLine(sql.Trim()).AppendLine("```").AppendLine("```").AppendLine(plan.Trim()).AppendLine("```").AppendLine();
            Console.WriteLine(plan);
        }
    }

    public void PostgresPlans(string title, IEnumerable<(string Sql, string Plan)> explained)
    {
        postgresPlans.AppendLine(CultureInfo.InvariantCulture, $"### {title}").AppendLine();
        foreach (var (sql, plan) in explained)
        {
            postgresPlans.AppendLine("```sql").AppendLine(sql.Trim()).AppendLine("```").AppendLine("```").AppendLine(plan.Trim()).AppendLine("```").AppendLine();
            Console.WriteLine(sql.Trim());
            Console.WriteLine(plan);
        }
    }

    public void Write(bool toFile)
    {
        if (!toFile)
        {
            return;
        }

        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
        var kb = long.Parse(Regex.Match(memory, @"\d+").Value, CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("# Benchmark results").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {kb / 1048576.0:F1} GiB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project tests/CallCenterRecognition.Benchmarks -- --claims {options.Claims} --seconds {options.Seconds} --clients {options.Clients}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Database: SQLite file, WAL, synchronous FULL (the app's defaults), {options.Claims:N0} claims; rows marked PostgreSQL on the server `scripts/postgres.sh` starts (fsync on), a database of their own with the same {options.Claims:N0} claims").AppendLine();
        text.AppendLine("| measure | product | reference (same run) | product / reference | target |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        text.AppendLine();
        foreach (var note in notes)
        {
            text.AppendLine("- " + note);
        }

        text.AppendLine().AppendLine("## Query plans (SQLite EXPLAIN QUERY PLAN of the SQL the app ran)").AppendLine().Append(plans);
        if (postgresPlans.Length > 0)
        {
            text.AppendLine().AppendLine("## Query plans (PostgreSQL EXPLAIN of the SQL the app ran, generic plans)").AppendLine().Append(postgresPlans);
        }

        var directory = typeof(Report).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "ProjectDirectory").Value!;
        var path = Path.Combine(directory, "RESULTS.md");
        File.WriteAllText(path, text.ToString());
        Console.WriteLine($"Wrote {path}");
    }
}
