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
        await using var connection = new NpgsqlConnection(connectionString);
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
        var journal = new List<(Guid Claim, DateTimeOffset At, string Stage, string Data, string Previous, string Hash, string Member, string Email)>(claims);
        await using (var claim = await connection.BeginBinaryImportAsync("""
            COPY "Claims" ("Id", "Number", "MemberName", "MemberEmail", "MemberPhone", "Department", "WorkUnit", "UnitKey", "BargainingUnit", "Classification", "PhoneSystems", "Description", "SearchText",
                "OpenedAt", "OpenedById", "DefinitionId", "DefinitionVersion", "Stage", "IsClosed", "StageEnteredAt", "DueAt", "AssignedRepresentativeId", "JournalSequence", "JournalHash", "Version") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < claims; i++)
            {
                var opened = start.AddMinutes(i * 5);
                var id = Guid.CreateVersion7(opened);
                var number = i >= 99_999 ? $"CC-2024-{i - 99_998:D5}" : $"CC-2025-{i + 1:D5}";
                var department = Seeder.Departments[random.Next(Seeder.Departments.Length)];
                var unit = $"{department} Contact Unit {random.Next(2_000)}";
                var stage = i % 10 < 3 ? "intake" : i % 10 == 9 ? "closed" : OpenStages[1 + random.Next(OpenStages.Length - 1)];
                var member = $"Member {i:D6}";
                var email = $"member{i}@example.org";
                var data = $"{{\"number\":\"{number}\"}}";
                var entry = JournalChain.Append(0, JournalChain.GenesisHash, opened, actor, "start", null, stage, data);
                var unitKey = ClaimMapping.UnitKey(department, unit);
                await claim.StartRowAsync();
                await claim.WriteAsync(id, NpgsqlDbType.Uuid);
                await claim.WriteAsync(number, NpgsqlDbType.Varchar);
                await claim.WriteAsync(member, NpgsqlDbType.Varchar);
                await claim.WriteAsync(email, NpgsqlDbType.Varchar);
                await claim.WriteAsync("916-555-0100", NpgsqlDbType.Varchar);
                await claim.WriteAsync(department, NpgsqlDbType.Varchar);
                await claim.WriteAsync(unit, NpgsqlDbType.Varchar);
                await claim.WriteAsync(unitKey, NpgsqlDbType.Varchar);
                await claim.WriteAsync("4", NpgsqlDbType.Varchar);
                await claim.WriteAsync("Program Technician II", NpgsqlDbType.Varchar);
                await claim.WriteAsync("acd,cti", NpgsqlDbType.Varchar);
                await claim.WriteAsync("Answers public calls all day.", NpgsqlDbType.Text);
                await claim.WriteAsync((number + " " + member).ToLowerInvariant(), NpgsqlDbType.Varchar);
                await claim.WriteAsync(entry.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                await claim.WriteAsync("bench", NpgsqlDbType.Text);
                await claim.WriteAsync("article-21-4-recognition", NpgsqlDbType.Varchar);
                await claim.WriteAsync(1, NpgsqlDbType.Integer);
                await claim.WriteAsync(stage, NpgsqlDbType.Varchar);
                await claim.WriteAsync(stage == "closed", NpgsqlDbType.Boolean);
                await claim.WriteAsync(entry.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                if (stage == "closed")
                {
                    await claim.WriteNullAsync();
                }
                else
                {
                    await claim.WriteAsync(entry.At.AddDays(random.Next(-30, 60)).UtcDateTime, NpgsqlDbType.TimestampTz);
                }

                if (stage == "intake")
                {
                    await claim.WriteNullAsync();
                }
                else
                {
                    await claim.WriteAsync(reps[random.Next(reps.Count)], NpgsqlDbType.Text);
                }

                await claim.WriteAsync(1L, NpgsqlDbType.Bigint);
                await claim.WriteAsync(entry.Hash, NpgsqlDbType.Varchar);
                await claim.WriteAsync(1, NpgsqlDbType.Integer);
                journal.Add((id, entry.At, stage, data, entry.PreviousHash, entry.Hash, member, email));
                if (!units.TryGetValue(unitKey, out var seed))
                {
                    units[unitKey] = seed = new UnitSeed(department, unit, unitKey, opened);
                }

                seed.Add(stage, opened);
                (stage == "intake" ? intake : others).Add(id);
                all.Add(id);
            }

            await claim.CompleteAsync();
        }

        await using (var entries = await connection.BeginBinaryImportAsync("""
            COPY "JournalEntries" ("ClaimId", "Sequence", "At", "ActorId", "ActorName", "Action", "FromStage", "ToStage", "Data", "PreviousHash", "Hash") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in journal)
            {
                await entries.StartRowAsync();
                await entries.WriteAsync(row.Claim, NpgsqlDbType.Uuid);
                await entries.WriteAsync(1L, NpgsqlDbType.Bigint);
                await entries.WriteAsync(row.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                await entries.WriteAsync("bench", NpgsqlDbType.Varchar);
                await entries.WriteAsync("Benchmark", NpgsqlDbType.Varchar);
                await entries.WriteAsync("start", NpgsqlDbType.Varchar);
                await entries.WriteNullAsync();
                await entries.WriteAsync(row.Stage, NpgsqlDbType.Varchar);
                await entries.WriteAsync(row.Data, NpgsqlDbType.Text);
                await entries.WriteAsync(row.Previous, NpgsqlDbType.Varchar);
                await entries.WriteAsync(row.Hash, NpgsqlDbType.Varchar);
            }

            await entries.CompleteAsync();
        }

        await using (var grievants = await connection.BeginBinaryImportAsync("""
            COPY "ClaimGrievants" ("ClaimId", "Position", "Name", "Email", "Phone", "Classification", "AddedAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in journal)
            {
                await grievants.StartRowAsync();
                await grievants.WriteAsync(row.Claim, NpgsqlDbType.Uuid);
                await grievants.WriteAsync(1, NpgsqlDbType.Integer);
                await grievants.WriteAsync(row.Member, NpgsqlDbType.Varchar);
                await grievants.WriteAsync(row.Email, NpgsqlDbType.Varchar);
                await grievants.WriteAsync("916-555-0100", NpgsqlDbType.Varchar);
                await grievants.WriteAsync("Program Technician II", NpgsqlDbType.Varchar);
                await grievants.WriteAsync(row.At.UtcDateTime, NpgsqlDbType.TimestampTz);
            }

            await grievants.CompleteAsync();
        }

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

        await using (var link = new NpgsqlCommand("""UPDATE "Claims" c SET "UnitId" = u."Id" FROM "Units" u WHERE u."UnitKey" = c."UnitKey" AND c."UnitId" IS NULL""", connection, transaction))
        {
            link.CommandTimeout = 300;
            await link.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();

        // The UPDATE left a dead version of every claim: VACUUM as autovacuum would soon, so plans and index-only scans see settled tables.
        await using (var vacuum = new NpgsqlCommand("""VACUUM (ANALYZE) "Claims", "JournalEntries", "ClaimGrievants", "Units", "AspNetUsers", "AspNetUserRoles" """, connection))
        {
            vacuum.CommandTimeout = 600;
            await vacuum.ExecuteNonQueryAsync();
        }

        return new Seeded(reps, intake, others, all, watch.Elapsed);
    }

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
