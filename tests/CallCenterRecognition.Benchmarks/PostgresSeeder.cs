using System.Diagnostics;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Npgsql;
using NpgsqlTypes;

namespace CallCenterRecognition.Benchmarks;

// The same office Seeder writes into SQLite (same random seed, stages, units, one grievant and one journal entry a claim),
// written into a PostgreSQL database the app created, by binary COPY: 100,000 claims in seconds rather than row by row.
public static class PostgresSeeder
{
    private static readonly string[] OpenStages = ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied"];

    public sealed record Seeded(List<string> Representatives, List<Guid> IntakeClaims, List<Guid> OtherClaims, List<Guid> AllClaims, TimeSpan Elapsed);

    public static async Task<Seeded> FillAsync(string connectionString, int claims, int representatives, IReadOnlyList<string> existingRepresentatives)
    {
        var watch = Stopwatch.StartNew();
        // COPY of 100,000 rows and its index updates outlast the default 30-s timeout on a busy machine.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 600 }.ToString());
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        string roleId;
        await using (var role = new NpgsqlCommand("""SELECT "Id" FROM "AspNetRoles" WHERE "Name" = 'Representative'""", connection, transaction))
        {
            roleId = (string)(await role.ExecuteScalarAsync())!;
        }

        var reps = new List<string>(existingRepresentatives);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            for (var i = 0; i < representatives; i++)
            {
                var id = Guid.NewGuid().ToString();
                var email = $"bench-rep-{i:D3}@bench.local";
                var stamp = Guid.NewGuid().ToString();
                batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                    INSERT INTO "AspNetUsers" ("Id", "DisplayName", "MustChangePassword", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
                    VALUES ($1, $2, false, $3, upper($3), $3, upper($3), true, $4, $4, false, false, true, 0)
                    """)
                {
                    Parameters = { new() { Value = id }, new() { Value = $"Bench Representative {i:D3}" }, new() { Value = email }, new() { Value = stamp } },
                });
                batch.BatchCommands.Add(new NpgsqlBatchCommand("""INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") VALUES ($1, $2)""")
                {
                    Parameters = { new() { Value = id }, new() { Value = roleId } },
                });
                reps.Add(id);
            }

            await batch.ExecuteNonQueryAsync();
        }

        var units = new Dictionary<string, UnitSeed>(StringComparer.Ordinal);
        var random = new Random(42);
        var start = DateTimeOffset.UtcNow.AddDays(-400);
        var actor = new WorkflowActor("bench", "Benchmark", []);
        var intake = new List<Guid>();
        var others = new List<Guid>();
        var all = new List<Guid>(claims);
        var rows = new List<ClaimSeed>(claims);
        for (var i = 0; i < claims; i++)
        {
            var opened = start.AddMinutes(i * 5);
            var id = Guid.CreateVersion7(opened);
            var number = i >= 99_999 ? $"CC-2024-{i - 99_998:D5}" : $"CC-2025-{i + 1:D5}";
            var department = Seeder.Departments[random.Next(Seeder.Departments.Length)];
            var unit = $"{department} Contact Unit {random.Next(2_000)}";
            var stage = i % 10 < 3 ? "intake" : i % 10 == 9 ? "closed" : OpenStages[1 + random.Next(OpenStages.Length - 1)];
            var data = $"{{\"number\":\"{number}\"}}";
            var entry = JournalChain.Append(0, JournalChain.GenesisHash, opened, actor, "start", null, stage, data);
            DateTimeOffset? due = stage == "closed" ? null : entry.At.AddDays(random.Next(-30, 60));
            var rep = stage == "intake" ? null : reps[random.Next(reps.Count)];
            var unitKey = ClaimMapping.UnitKey(department, unit);
            rows.Add(new ClaimSeed(id, number, $"Member {i:D6}", $"member{i}@example.org", department, unit, unitKey, stage, entry.At, due, rep, data, entry.PreviousHash, entry.Hash));
            if (!units.TryGetValue(unitKey, out var seed))
            {
                units[unitKey] = seed = new UnitSeed(department, unit, unitKey, opened);
            }

            seed.Add(stage, opened);
            (stage == "intake" ? intake : others).Add(id);
            all.Add(id);
        }

        // Units first, so each claim is written with its unit's id rather than updated afterwards.
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "Units" ("Department", "WorkUnit", "UnitKey", "Name", "Status", "StatusOn", "CreatedAt", "UpdatedAt", "Version") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var unit in units.Values)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(unit.Department, NpgsqlDbType.Varchar);
                await copy.WriteAsync(unit.WorkUnit, NpgsqlDbType.Varchar);
                await copy.WriteAsync(unit.Key, NpgsqlDbType.Varchar);
                await copy.WriteAsync(unit.WorkUnit, NpgsqlDbType.Varchar);
                await copy.WriteAsync(unit.Status, NpgsqlDbType.Varchar);
                if (unit.StatusOn is { } on)
                {
                    await copy.WriteAsync(on, NpgsqlDbType.Date);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(unit.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(unit.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync();
        }

        var unitIds = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("""SELECT "UnitKey", "Id" FROM "Units" """, connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                unitIds[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        await using (var claim = await connection.BeginBinaryImportAsync("""
            COPY "Claims" ("Id", "Number", "MemberName", "MemberEmail", "MemberPhone", "Department", "WorkUnit", "UnitKey", "UnitId", "BargainingUnit", "Classification", "PhoneSystems", "Description", "SearchText",
                "OpenedAt", "OpenedById", "DefinitionId", "DefinitionVersion", "Stage", "IsClosed", "StageEnteredAt", "DueAt", "AssignedRepresentativeId", "JournalSequence", "JournalHash", "Version") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in rows)
            {
                await claim.StartRowAsync();
                await claim.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await claim.WriteAsync(row.Number, NpgsqlDbType.Varchar);
                await claim.WriteAsync(row.Member, NpgsqlDbType.Varchar);
                await claim.WriteAsync(row.Email, NpgsqlDbType.Varchar);
                await claim.WriteAsync("916-555-0100", NpgsqlDbType.Varchar);
                await claim.WriteAsync(row.Department, NpgsqlDbType.Varchar);
                await claim.WriteAsync(row.WorkUnit, NpgsqlDbType.Varchar);
                await claim.WriteAsync(row.UnitKey, NpgsqlDbType.Varchar);
                await claim.WriteAsync(unitIds[row.UnitKey], NpgsqlDbType.Bigint);
                await claim.WriteAsync("4", NpgsqlDbType.Varchar);
                await claim.WriteAsync("Program Technician II", NpgsqlDbType.Varchar);
                await claim.WriteAsync("acd,cti", NpgsqlDbType.Varchar);
                await claim.WriteAsync("Answers public calls all day.", NpgsqlDbType.Text);
                await claim.WriteAsync((row.Number + " " + row.Member).ToLowerInvariant(), NpgsqlDbType.Varchar);
                await claim.WriteAsync(row.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                await claim.WriteAsync("bench", NpgsqlDbType.Text);
                await claim.WriteAsync("article-21-4-recognition", NpgsqlDbType.Varchar);
                await claim.WriteAsync(1, NpgsqlDbType.Integer);
                await claim.WriteAsync(row.Stage, NpgsqlDbType.Varchar);
                await claim.WriteAsync(row.Stage == "closed", NpgsqlDbType.Boolean);
                await claim.WriteAsync(row.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                if (row.DueAt is { } due)
                {
                    await claim.WriteAsync(due.UtcDateTime, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await claim.WriteNullAsync();
                }

                if (row.Representative is { } rep)
                {
                    await claim.WriteAsync(rep, NpgsqlDbType.Text);
                }
                else
                {
                    await claim.WriteNullAsync();
                }

                await claim.WriteAsync(1L, NpgsqlDbType.Bigint);
                await claim.WriteAsync(row.Hash, NpgsqlDbType.Varchar);
                await claim.WriteAsync(1, NpgsqlDbType.Integer);
            }

            await claim.CompleteAsync();
        }

        await using (var entries = await connection.BeginBinaryImportAsync("""
            COPY "JournalEntries" ("ClaimId", "Sequence", "At", "ActorId", "ActorName", "Action", "FromStage", "ToStage", "Data", "PreviousHash", "Hash") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in rows)
            {
                await entries.StartRowAsync();
                await entries.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await entries.WriteAsync(1L, NpgsqlDbType.Bigint);
                await entries.WriteAsync(row.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                await entries.WriteAsync("bench", NpgsqlDbType.Varchar);
                await entries.WriteAsync("Benchmark", NpgsqlDbType.Varchar);
                await entries.WriteAsync("start", NpgsqlDbType.Varchar);
                await entries.WriteNullAsync();
                await entries.WriteAsync(row.Stage, NpgsqlDbType.Varchar);
                await entries.WriteAsync(row.Data, NpgsqlDbType.Text);
                await entries.WriteAsync(row.PreviousHash, NpgsqlDbType.Varchar);
                await entries.WriteAsync(row.Hash, NpgsqlDbType.Varchar);
            }

            await entries.CompleteAsync();
        }

        await using (var grievants = await connection.BeginBinaryImportAsync("""
            COPY "ClaimGrievants" ("ClaimId", "Position", "Name", "Email", "Phone", "Classification", "AddedAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in rows)
            {
                await grievants.StartRowAsync();
                await grievants.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await grievants.WriteAsync(1, NpgsqlDbType.Integer);
                await grievants.WriteAsync(row.Member, NpgsqlDbType.Varchar);
                await grievants.WriteAsync(row.Email, NpgsqlDbType.Varchar);
                await grievants.WriteAsync("916-555-0100", NpgsqlDbType.Varchar);
                await grievants.WriteAsync("Program Technician II", NpgsqlDbType.Varchar);
                await grievants.WriteAsync(row.At.UtcDateTime, NpgsqlDbType.TimestampTz);
            }

            await grievants.CompleteAsync();
        }

        await transaction.CommitAsync();

        // As autovacuum would soon: statistics for the planner and a visibility map for index-only scans.
        await using (var vacuum = new NpgsqlCommand("""VACUUM (ANALYZE) "Claims", "JournalEntries", "ClaimGrievants", "Units", "AspNetUsers", "AspNetUserRoles" """, connection))
        {
            vacuum.CommandTimeout = 600;
            await vacuum.ExecuteNonQueryAsync();
        }

        return new Seeded(reps, intake, others, all, watch.Elapsed);
    }

    private sealed record ClaimSeed(Guid Id, string Number, string Member, string Email, string Department, string WorkUnit, string UnitKey, string Stage, DateTimeOffset At, DateTimeOffset? DueAt, string? Representative, string Data, string PreviousHash, string Hash);

    private sealed class UnitSeed(string department, string workUnit, string key, DateTimeOffset createdAt)
    {
        private DateTimeOffset? recognizedAt;
        private DateTimeOffset? deniedAt;
        private bool open;

        public string Department => department;

        public string WorkUnit => workUnit;

        public string Key => key;

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
}
