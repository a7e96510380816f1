using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Postgres
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
                    Stage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EnteredDay = table.Column<int>(type: "integer", nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    Claims = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimStageDays", x => new { x.Stage, x.EnteredDay, x.Slot });
                });

            // Open claims only, keyed by the UTC day they entered their stage as days since 0001-01-01 (the app's UtcTicks /
            // TicksPerDay), in the slot ClaimCounts uses for the claim, kept in the transaction of every change to a claim's stage,
            // entry time or closing. A move touches its two rows in key order so opposite moves cannot deadlock; a row at 0 goes.
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_stage_days_day(at timestamp with time zone) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
                    SELECT floor(extract(epoch FROM at) / 86400)::integer + 719162
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_stage_days_add(p_stage varchar, p_day integer, p_slot integer, p_claims integer) RETURNS void
                LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "ClaimStageDays" ("Stage", "EnteredDay", "Slot", "Claims") VALUES (p_stage, p_day, p_slot, p_claims)
                    ON CONFLICT ("Stage", "EnteredDay", "Slot") DO UPDATE SET "Claims" = "ClaimStageDays"."Claims" + excluded."Claims";
                    IF p_claims < 0 THEN
                        DELETE FROM "ClaimStageDays" WHERE "Stage" = p_stage AND "EnteredDay" = p_day AND "Slot" = p_slot AND "Claims" = 0;
                    END IF;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_stage_days_on_claim() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    old_day integer;
                    new_day integer;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        IF NOT NEW."IsClosed" THEN
                            PERFORM claim_stage_days_add(NEW."Stage", claim_stage_days_day(NEW."StageEnteredAt"), claim_counts_slot(NEW."Id"), 1);
                        END IF;
                        RETURN NEW;
                    ELSIF TG_OP = 'DELETE' THEN
                        IF NOT OLD."IsClosed" THEN
                            PERFORM claim_stage_days_add(OLD."Stage", claim_stage_days_day(OLD."StageEnteredAt"), claim_counts_slot(OLD."Id"), -1);
                        END IF;
                        RETURN OLD;
                    END IF;
                    IF (OLD."Stage", OLD."StageEnteredAt", OLD."IsClosed") IS NOT DISTINCT FROM (NEW."Stage", NEW."StageEnteredAt", NEW."IsClosed") THEN
                        RETURN NEW;
                    END IF;
                    old_day := claim_stage_days_day(OLD."StageEnteredAt");
                    new_day := claim_stage_days_day(NEW."StageEnteredAt");
                    IF NOT OLD."IsClosed" AND (NEW."IsClosed" OR (OLD."Stage", old_day) < (NEW."Stage", new_day)) THEN
                        PERFORM claim_stage_days_add(OLD."Stage", old_day, claim_counts_slot(OLD."Id"), -1);
                        IF NOT NEW."IsClosed" THEN
                            PERFORM claim_stage_days_add(NEW."Stage", new_day, claim_counts_slot(NEW."Id"), 1);
                        END IF;
                    ELSE
                        IF NOT NEW."IsClosed" THEN
                            PERFORM claim_stage_days_add(NEW."Stage", new_day, claim_counts_slot(NEW."Id"), 1);
                        END IF;
                        IF NOT OLD."IsClosed" THEN
                            PERFORM claim_stage_days_add(OLD."Stage", old_day, claim_counts_slot(OLD."Id"), -1);
                        END IF;
                    END IF;
                    RETURN NEW;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER claim_stage_days_claim_inserted AFTER INSERT ON "Claims" FOR EACH ROW EXECUTE FUNCTION claim_stage_days_on_claim();
                CREATE TRIGGER claim_stage_days_claim_moved AFTER UPDATE OF "Stage", "StageEnteredAt", "IsClosed" ON "Claims" FOR EACH ROW EXECUTE FUNCTION claim_stage_days_on_claim();
                CREATE TRIGGER claim_stage_days_claim_deleted AFTER DELETE ON "Claims" FOR EACH ROW EXECUTE FUNCTION claim_stage_days_on_claim();
                """);

            // Counted once from what is there now.
            migrationBuilder.Sql("""
                INSERT INTO "ClaimStageDays" ("Stage", "EnteredDay", "Slot", "Claims")
                SELECT "Stage", claim_stage_days_day("StageEnteredAt"), claim_counts_slot("Id"), COUNT(*)
                FROM "Claims"
                WHERE NOT "IsClosed"
                GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS claim_stage_days_claim_inserted ON "Claims";
                DROP TRIGGER IF EXISTS claim_stage_days_claim_moved ON "Claims";
                DROP TRIGGER IF EXISTS claim_stage_days_claim_deleted ON "Claims";
                DROP FUNCTION IF EXISTS claim_stage_days_on_claim();
                DROP FUNCTION IF EXISTS claim_stage_days_add(varchar, integer, integer, integer);
                DROP FUNCTION IF EXISTS claim_stage_days_day(timestamp with time zone);
                """);
            migrationBuilder.DropTable(
                name: "ClaimStageDays");
        }
    }
}
