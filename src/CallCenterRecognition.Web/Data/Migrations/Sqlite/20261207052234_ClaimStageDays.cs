using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClaimStageDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClaimStageDays",
                columns: table => new
                {
                    Stage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EnteredDay = table.Column<int>(type: "INTEGER", nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: false),
                    Claims = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimStageDays", x => new { x.Stage, x.EnteredDay, x.Slot });
                });

            // Open claims only, keyed by the UTC day (ticks / ticks per day) they entered their stage; kept in the transaction of
            // every change to a claim's stage, entry time or closing, like ClaimCounts. A day's row goes when its count reaches 0,
            // so the table holds the days that open claims entered on, not every day since the office began.
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimStageDays_ClaimInserted AFTER INSERT ON Claims WHEN NEW.IsClosed = 0 BEGIN
                    INSERT INTO ClaimStageDays (Stage, EnteredDay, Slot, Claims) VALUES (NEW.Stage, NEW.StageEnteredAt / 864000000000, 0, 1)
                    ON CONFLICT (Stage, EnteredDay, Slot) DO UPDATE SET Claims = Claims + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimStageDays_ClaimMoved AFTER UPDATE OF Stage, StageEnteredAt, IsClosed ON Claims
                WHEN OLD.Stage IS NOT NEW.Stage OR OLD.StageEnteredAt IS NOT NEW.StageEnteredAt OR OLD.IsClosed IS NOT NEW.IsClosed
                BEGIN
                    UPDATE ClaimStageDays SET Claims = Claims - 1
                    WHERE OLD.IsClosed = 0 AND Stage = OLD.Stage AND EnteredDay = OLD.StageEnteredAt / 864000000000 AND Slot = 0;
                    DELETE FROM ClaimStageDays
                    WHERE OLD.IsClosed = 0 AND Stage = OLD.Stage AND EnteredDay = OLD.StageEnteredAt / 864000000000 AND Slot = 0 AND Claims = 0;
                    INSERT INTO ClaimStageDays (Stage, EnteredDay, Slot, Claims)
                    SELECT NEW.Stage, NEW.StageEnteredAt / 864000000000, 0, 1 WHERE NEW.IsClosed = 0
                    ON CONFLICT (Stage, EnteredDay, Slot) DO UPDATE SET Claims = Claims + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ClaimStageDays_ClaimDeleted AFTER DELETE ON Claims WHEN OLD.IsClosed = 0 BEGIN
                    UPDATE ClaimStageDays SET Claims = Claims - 1
                    WHERE Stage = OLD.Stage AND EnteredDay = OLD.StageEnteredAt / 864000000000 AND Slot = 0;
                    DELETE FROM ClaimStageDays
                    WHERE Stage = OLD.Stage AND EnteredDay = OLD.StageEnteredAt / 864000000000 AND Slot = 0 AND Claims = 0;
                END;
                """);

            // Counted once from what is there now, off the (Stage, IsClosed, StageEnteredAt) index.
            migrationBuilder.Sql("""
                INSERT INTO ClaimStageDays (Stage, EnteredDay, Slot, Claims)
                SELECT Stage, StageEnteredAt / 864000000000, 0, COUNT(*)
                FROM Claims
                WHERE IsClosed = 0
                GROUP BY Stage, StageEnteredAt / 864000000000;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "ClaimInserted", "ClaimMoved", "ClaimDeleted" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS ClaimStageDays_{trigger};");
            }

            migrationBuilder.DropTable(
                name: "ClaimStageDays");
        }
    }
}
