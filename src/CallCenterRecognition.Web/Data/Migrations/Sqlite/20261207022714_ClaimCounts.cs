using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClaimCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClaimCounts",
                columns: table => new
                {
                    Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsClosed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: false),
                    Claims = table.Column<int>(type: "INTEGER", nullable: false),
                    Members = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimCounts", x => new { x.Department, x.Stage, x.IsClosed, x.Slot });
                });

            // Kept in the same transaction as every change to a claim's department, stage or closing and to its grievants,
            // whichever code path makes it (actions, corrections, reassignment, workflow migration, merges, SQL by hand).
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimCounts_ClaimInserted AFTER INSERT ON Claims BEGIN
                    INSERT INTO ClaimCounts (Department, Stage, IsClosed, Slot, Claims, Members)
                    VALUES (NEW.Department, NEW.Stage, NEW.IsClosed, 0, 1, (SELECT COUNT(*) FROM ClaimGrievants WHERE ClaimId = NEW.Id AND RemovedAt IS NULL))
                    ON CONFLICT (Department, Stage, IsClosed, Slot) DO UPDATE SET Claims = Claims + 1, Members = Members + excluded.Members;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimCounts_ClaimMoved AFTER UPDATE OF Department, Stage, IsClosed ON Claims
                WHEN OLD.Department IS NOT NEW.Department OR OLD.Stage IS NOT NEW.Stage OR OLD.IsClosed IS NOT NEW.IsClosed
                BEGIN
                    UPDATE ClaimCounts SET Claims = Claims - 1, Members = Members - (SELECT COUNT(*) FROM ClaimGrievants WHERE ClaimId = OLD.Id AND RemovedAt IS NULL)
                    WHERE Department = OLD.Department AND Stage = OLD.Stage AND IsClosed = OLD.IsClosed AND Slot = 0;
                    INSERT INTO ClaimCounts (Department, Stage, IsClosed, Slot, Claims, Members)
                    VALUES (NEW.Department, NEW.Stage, NEW.IsClosed, 0, 1, (SELECT COUNT(*) FROM ClaimGrievants WHERE ClaimId = NEW.Id AND RemovedAt IS NULL))
                    ON CONFLICT (Department, Stage, IsClosed, Slot) DO UPDATE SET Claims = Claims + 1, Members = Members + excluded.Members;
                END;
                """);

            // Before the row goes, while its grievants are still there; the cascade that deletes them runs after it and finds no claim.
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimCounts_ClaimDeleted BEFORE DELETE ON Claims BEGIN
                    UPDATE ClaimCounts SET Claims = Claims - 1, Members = Members - (SELECT COUNT(*) FROM ClaimGrievants WHERE ClaimId = OLD.Id AND RemovedAt IS NULL)
                    WHERE Department = OLD.Department AND Stage = OLD.Stage AND IsClosed = OLD.IsClosed AND Slot = 0;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimCounts_GrievantInserted AFTER INSERT ON ClaimGrievants WHEN NEW.RemovedAt IS NULL BEGIN
                    UPDATE ClaimCounts SET Members = Members + 1
                    WHERE Slot = 0 AND (Department, Stage, IsClosed) = (SELECT Department, Stage, IsClosed FROM Claims WHERE Id = NEW.ClaimId);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimCounts_GrievantChanged AFTER UPDATE OF RemovedAt, ClaimId ON ClaimGrievants
                WHEN (OLD.RemovedAt IS NULL) IS NOT (NEW.RemovedAt IS NULL) OR OLD.ClaimId IS NOT NEW.ClaimId
                BEGIN
                    UPDATE ClaimCounts SET Members = Members - 1
                    WHERE OLD.RemovedAt IS NULL AND Slot = 0 AND (Department, Stage, IsClosed) = (SELECT Department, Stage, IsClosed FROM Claims WHERE Id = OLD.ClaimId);
                    UPDATE ClaimCounts SET Members = Members + 1
                    WHERE NEW.RemovedAt IS NULL AND Slot = 0 AND (Department, Stage, IsClosed) = (SELECT Department, Stage, IsClosed FROM Claims WHERE Id = NEW.ClaimId);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimCounts_GrievantDeleted AFTER DELETE ON ClaimGrievants WHEN OLD.RemovedAt IS NULL BEGIN
                    UPDATE ClaimCounts SET Members = Members - 1
                    WHERE Slot = 0 AND (Department, Stage, IsClosed) = (SELECT Department, Stage, IsClosed FROM Claims WHERE Id = OLD.ClaimId);
                END;
                """);

            // Counted once from what is there now.
            migrationBuilder.Sql("""
                INSERT INTO ClaimCounts (Department, Stage, IsClosed, Slot, Claims, Members)
                SELECT c.Department, c.Stage, c.IsClosed, 0, COUNT(*),
                       COALESCE(SUM((SELECT COUNT(*) FROM ClaimGrievants g WHERE g.ClaimId = c.Id AND g.RemovedAt IS NULL)), 0)
                FROM Claims c
                GROUP BY c.Department, c.Stage, c.IsClosed;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "ClaimInserted", "ClaimMoved", "ClaimDeleted", "GrievantInserted", "GrievantChanged", "GrievantDeleted" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS ClaimCounts_{trigger};");
            }

            migrationBuilder.DropTable(
                name: "ClaimCounts");
        }
    }
}
