using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnitCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UnitCounts",
                columns: table => new
                {
                    Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Units = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitCounts", x => new { x.Department, x.Status });
                });

            // Units not merged away per department and status ('' for none yet), kept in the transaction of every change to a unit.
            migrationBuilder.Sql("""
                CREATE TRIGGER UnitCounts_UnitInserted AFTER INSERT ON Units WHEN NEW.MergedIntoId IS NULL BEGIN
                    INSERT INTO UnitCounts (Department, Status, Units) VALUES (NEW.Department, COALESCE(NEW.Status, ''), 1)
                    ON CONFLICT (Department, Status) DO UPDATE SET Units = Units + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER UnitCounts_UnitChanged AFTER UPDATE OF Department, Status, MergedIntoId ON Units
                WHEN OLD.Department IS NOT NEW.Department OR OLD.Status IS NOT NEW.Status OR (OLD.MergedIntoId IS NULL) IS NOT (NEW.MergedIntoId IS NULL)
                BEGIN
                    UPDATE UnitCounts SET Units = Units - 1
                    WHERE OLD.MergedIntoId IS NULL AND Department = OLD.Department AND Status = COALESCE(OLD.Status, '');
                    INSERT INTO UnitCounts (Department, Status, Units)
                    SELECT NEW.Department, COALESCE(NEW.Status, ''), 1 WHERE NEW.MergedIntoId IS NULL
                    ON CONFLICT (Department, Status) DO UPDATE SET Units = Units + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER UnitCounts_UnitDeleted AFTER DELETE ON Units WHEN OLD.MergedIntoId IS NULL BEGIN
                    UPDATE UnitCounts SET Units = Units - 1 WHERE Department = OLD.Department AND Status = COALESCE(OLD.Status, '');
                END;
                """);

            // Counted once from what is there now.
            migrationBuilder.Sql("""
                INSERT INTO UnitCounts (Department, Status, Units)
                SELECT Department, COALESCE(Status, ''), COUNT(*) FROM Units WHERE MergedIntoId IS NULL GROUP BY Department, COALESCE(Status, '');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "UnitInserted", "UnitChanged", "UnitDeleted" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS UnitCounts_{trigger};");
            }

            migrationBuilder.DropTable(
                name: "UnitCounts");
        }
    }
}
