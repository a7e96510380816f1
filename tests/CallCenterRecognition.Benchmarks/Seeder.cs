using System.Diagnostics;
using System.Globalization;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Microsoft.Data.Sqlite;

namespace CallCenterRecognition.Benchmarks;

// Fills a database the app created with many claims, written straight through SQLite (the app would take hours one by one).
public static class Seeder
{
    public static readonly string[] Departments = ["EDD", "FTB", "DMV", "SOS", "DCSS", "CDCR", "DHCS", "CalPERS", "DIR", "DCA"];

    private static readonly string[] OpenStages = ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied"];

    public sealed record Seeded(List<string> Representatives, List<Guid> IntakeClaims, List<Guid> AllClaims, TimeSpan Elapsed);

    public static Seeded Fill(string databasePath, int claims, int representatives, IReadOnlyList<string> existingRepresentatives)
    {
        var watch = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();

        // Seeding only: no fsync, a page cache large enough for the index inserts, and a rollback journal rather than a WAL
        // as large as the data; the app's WAL is restored before it starts again.
        Execute(connection, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288;");
        var transaction = connection.BeginTransaction();

        var roleId = Scalar(connection, "SELECT Id FROM AspNetRoles WHERE Name = 'Representative'");
        var reps = new List<string>(existingRepresentatives);
        using (var user = connection.CreateCommand())
        using (var role = connection.CreateCommand())
        {
            user.CommandText = """
                INSERT INTO AspNetUsers (Id, DisplayName, MustChangePassword, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ($id, $name, 0, $email, upper($email), $email, upper($email), 1, $stamp, $stamp, 0, 0, 1, 0)
                """;
            role.CommandText = "INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($id, $role)";
            for (var i = 0; i < representatives; i++)
            {
                var id = Guid.NewGuid().ToString();
                user.Parameters.Clear();
                user.Parameters.AddWithValue("$id", id);
                user.Parameters.AddWithValue("$name", $"Bench Representative {i:D3}");
                user.Parameters.AddWithValue("$email", $"bench-rep-{i:D3}@bench.local");
                user.Parameters.AddWithValue("$stamp", Guid.NewGuid().ToString());
                user.ExecuteNonQuery();
                role.Parameters.Clear();
                role.Parameters.AddWithValue("$id", id);
                role.Parameters.AddWithValue("$role", roleId);
                role.ExecuteNonQuery();
                reps.Add(id);
            }
        }

        using var claim = connection.CreateCommand();
        claim.CommandText = """
            INSERT INTO Claims (Id, Number, MemberName, MemberEmail, MemberPhone, Department, WorkUnit, UnitKey, BargainingUnit, Classification, PhoneSystems, Description, SearchText,
                OpenedAt, OpenedById, DefinitionId, DefinitionVersion, Stage, IsClosed, StageEnteredAt, DueAt, FollowUpAt, AssignedRepresentativeId, JournalSequence, JournalHash, Version)
            VALUES ($id, $number, $member, $email, '916-555-0100', $department, $unit, $unitKey, '4', 'Program Technician II', 'acd,cti', 'Answers public calls all day.', $search,
                $opened, 'bench', 'article-21-4-recognition', 1, $stage, $closed, $opened, $due, NULL, $rep, 1, $hash, 1)
            """;
        var parameters = new[] { "$id", "$number", "$member", "$email", "$department", "$unit", "$unitKey", "$search", "$opened", "$stage", "$closed", "$due", "$rep", "$hash" }
            .ToDictionary(n => n, n => claim.Parameters.Add(new SqliteParameter(n, null)));
        using var journal = connection.CreateCommand();
        journal.CommandText = """
            INSERT INTO JournalEntries (ClaimId, Sequence, At, ActorId, ActorName, Action, FromStage, ToStage, Data, PreviousHash, Hash)
            VALUES ($claim, 1, $at, 'bench', 'Benchmark', 'start', NULL, $stage, $data, $previous, $hash)
            """;
        var journalParameters = new[] { "$claim", "$at", "$stage", "$data", "$previous", "$hash" }
            .ToDictionary(n => n, n => journal.Parameters.Add(new SqliteParameter(n, null)));

        using var grievant = connection.CreateCommand();
        grievant.CommandText = """
            INSERT INTO ClaimGrievants (ClaimId, Position, Name, Email, Phone, Classification, AddedAt)
            VALUES ($claim, 1, $name, $email, '916-555-0100', 'Program Technician II', $at)
            """;
        var grievantParameters = new[] { "$claim", "$name", "$email", "$at" }
            .ToDictionary(n => n, n => grievant.Parameters.Add(new SqliteParameter(n, null)));
        var units = new Dictionary<string, UnitSeed>(StringComparer.Ordinal);

        var random = new Random(42);
        var start = DateTimeOffset.UtcNow.AddDays(-400);

        // Five minutes apart up to 100,000 claims; more are packed closer so every claim still opened within the 400 days.
        var minutes = Math.Min(5.0, 400 * 24 * 60.0 / claims);
        var actor = new WorkflowActor("bench", "Benchmark", []);
        var intake = new List<Guid>();
        var all = new List<Guid>(claims);
        for (var i = 0; i < claims; i++)
        {
            var id = Guid.CreateVersion7(start.AddMinutes(i * minutes));
            var number = $"CC-2025-{i + 1:D5}";
            if (i >= 99_999)
            {
                number = $"CC-2024-{i - 99_998:D5}";
            }

            var department = Departments[random.Next(Departments.Length)];
            var unit = $"{department} Contact Unit {random.Next(2_000)}";
            var stage = i % 10 < 3 ? "intake" : i % 10 == 9 ? "closed" : OpenStages[1 + random.Next(OpenStages.Length - 1)];
            var opened = start.AddMinutes(i * minutes);
            var member = $"Member {i:D6}";
            var data = $"{{\"number\":\"{number}\"}}";
            var entry = JournalChain.Append(0, JournalChain.GenesisHash, opened, actor, "start", null, stage, data);
            parameters["$id"].Value = id.ToString().ToUpperInvariant();
            parameters["$number"].Value = number;
            parameters["$member"].Value = member;
            parameters["$email"].Value = $"member{i}@example.org";
            parameters["$department"].Value = department;
            parameters["$unit"].Value = unit;
            parameters["$unitKey"].Value = ClaimMapping.UnitKey(department, unit);
            parameters["$search"].Value = (number + " " + member).ToLowerInvariant();
            parameters["$opened"].Value = entry.At.UtcTicks;
            parameters["$stage"].Value = stage;
            parameters["$closed"].Value = stage == "closed" ? 1 : 0;
            parameters["$due"].Value = stage == "closed" ? DBNull.Value : entry.At.AddDays(random.Next(-30, 60)).UtcTicks;
            parameters["$rep"].Value = stage == "intake" ? DBNull.Value : reps[random.Next(reps.Count)];
            parameters["$hash"].Value = entry.Hash;
            claim.ExecuteNonQuery();
            journalParameters["$claim"].Value = id.ToString().ToUpperInvariant();
            journalParameters["$at"].Value = entry.At.UtcTicks;
            journalParameters["$stage"].Value = stage;
            journalParameters["$data"].Value = data;
            journalParameters["$previous"].Value = entry.PreviousHash;
            journalParameters["$hash"].Value = entry.Hash;
            journal.ExecuteNonQuery();
            grievantParameters["$claim"].Value = id.ToString().ToUpperInvariant();
            grievantParameters["$name"].Value = member;
            grievantParameters["$email"].Value = $"member{i}@example.org";
            grievantParameters["$at"].Value = entry.At.UtcTicks;
            grievant.ExecuteNonQuery();
            var unitKey = ClaimMapping.UnitKey(department, unit);
            if (!units.TryGetValue(unitKey, out var seed))
            {
                units[unitKey] = seed = new UnitSeed(department, unit, opened);
            }

            seed.Add(stage, opened);
            if (stage == "intake")
            {
                intake.Add(id);
            }

            all.Add(id);
        }

        InsertUnits(connection, units.Values);
        transaction.Commit();
        transaction.Dispose();
        Execute(connection, "PRAGMA journal_mode=WAL; ANALYZE;");

        return new Seeded(reps, intake, all, watch.Elapsed);
    }

    // One unit per department and work unit the claims name, with the status the app would have derived from them.
    private static void InsertUnits(SqliteConnection connection, IEnumerable<UnitSeed> units)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO Units (Department, WorkUnit, UnitKey, Name, Location, Status, StatusOn, AppealBy, CreatedAt, UpdatedAt, MergedIntoId, Version)
            VALUES ($department, $unit, $key, $unit, NULL, $status, $statusOn, NULL, $created, $created, NULL, 0)
            ON CONFLICT (UnitKey) DO NOTHING
            """;
        var parameters = new[] { "$department", "$unit", "$key", "$status", "$statusOn", "$created" }
            .ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        foreach (var unit in units)
        {
            parameters["$department"].Value = unit.Department;
            parameters["$unit"].Value = unit.WorkUnit;
            parameters["$key"].Value = ClaimMapping.UnitKey(unit.Department, unit.WorkUnit);
            parameters["$status"].Value = unit.Status;
            parameters["$statusOn"].Value = unit.StatusOn is { } on ? on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
            parameters["$created"].Value = unit.CreatedAt.UtcTicks;
            insert.ExecuteNonQuery();
        }

        using var link = connection.CreateCommand();
        link.CommandText = "UPDATE Claims SET UnitId = (SELECT u.Id FROM Units u WHERE u.UnitKey = Claims.UnitKey) WHERE UnitId IS NULL";
        link.ExecuteNonQuery();
    }

    private sealed class UnitSeed(string department, string workUnit, DateTimeOffset createdAt)
    {
        private DateTimeOffset? recognizedAt;
        private DateTimeOffset? deniedAt;
        private bool open;

        public string Department => department;

        public string WorkUnit => workUnit;

        public DateTimeOffset CreatedAt => createdAt;

        public string Status => recognizedAt is not null ? "recognized" : open ? "claim-open" : deniedAt is not null ? "denied" : "none";

        public DateOnly? StatusOn => (recognizedAt ?? (open ? null : deniedAt)) is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null;

        public void Add(string stage, DateTimeOffset at)
        {
            switch (stage)
            {
                case "recognized":
                    recognizedAt = at;
                    break;
                case "denied":
                    deniedAt = at;
                    break;
                case "closed":
                    break;
                default:
                    open = true;
                    break;
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }
}
