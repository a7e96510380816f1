using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Postgres
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
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Units = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitCounts", x => new { x.Department, x.Status });
                });

            // Units not merged away per department and status ('' for none yet), kept in the transaction of every change to a
            // unit; a change touches its two rows in key order so opposite changes cannot deadlock.
            migrationBuilder.Sql("""
                CREATE FUNCTION unit_counts_add(p_department varchar, p_status varchar, p_units integer) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO "UnitCounts" ("Department", "Status", "Units") VALUES (p_department, COALESCE(p_status, ''), p_units)
                    ON CONFLICT ("Department", "Status") DO UPDATE SET "Units" = "UnitCounts"."Units" + excluded."Units";
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION unit_counts_on_unit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        IF NEW."MergedIntoId" IS NULL THEN
                            PERFORM unit_counts_add(NEW."Department", NEW."Status", 1);
                        END IF;
                        RETURN NEW;
                    ELSIF TG_OP = 'DELETE' THEN
                        IF OLD."MergedIntoId" IS NULL THEN
                            PERFORM unit_counts_add(OLD."Department", OLD."Status", -1);
                        END IF;
                        RETURN OLD;
                    END IF;
                    IF (OLD."Department", OLD."Status", OLD."MergedIntoId" IS NULL) IS NOT DISTINCT FROM (NEW."Department", NEW."Status", NEW."MergedIntoId" IS NULL) THEN
                        RETURN NEW;
                    END IF;
                    IF (OLD."Department", COALESCE(OLD."Status", '')) < (NEW."Department", COALESCE(NEW."Status", '')) THEN
                        IF OLD."MergedIntoId" IS NULL THEN PERFORM unit_counts_add(OLD."Department", OLD."Status", -1); END IF;
                        IF NEW."MergedIntoId" IS NULL THEN PERFORM unit_counts_add(NEW."Department", NEW."Status", 1); END IF;
                    ELSE
                        IF NEW."MergedIntoId" IS NULL THEN PERFORM unit_counts_add(NEW."Department", NEW."Status", 1); END IF;
                        IF OLD."MergedIntoId" IS NULL THEN PERFORM unit_counts_add(OLD."Department", OLD."Status", -1); END IF;
                    END IF;
                    RETURN NEW;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER unit_counts_unit_inserted AFTER INSERT ON "Units" FOR EACH ROW EXECUTE FUNCTION unit_counts_on_unit();
                CREATE TRIGGER unit_counts_unit_changed AFTER UPDATE OF "Department", "Status", "MergedIntoId" ON "Units" FOR EACH ROW EXECUTE FUNCTION unit_counts_on_unit();
                CREATE TRIGGER unit_counts_unit_deleted AFTER DELETE ON "Units" FOR EACH ROW EXECUTE FUNCTION unit_counts_on_unit();
                """);

            // Counted once from what is there now.
            migrationBuilder.Sql("""
                INSERT INTO "UnitCounts" ("Department", "Status", "Units")
                SELECT "Department", COALESCE("Status", ''), COUNT(*) FROM "Units" WHERE "MergedIntoId" IS NULL GROUP BY 1, 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS unit_counts_unit_inserted ON "Units";
                DROP TRIGGER IF EXISTS unit_counts_unit_changed ON "Units";
                DROP TRIGGER IF EXISTS unit_counts_unit_deleted ON "Units";
                DROP FUNCTION IF EXISTS unit_counts_on_unit();
                DROP FUNCTION IF EXISTS unit_counts_add(varchar, varchar, integer);
                """);
            migrationBuilder.DropTable(
                name: "UnitCounts");
        }
    }
}
