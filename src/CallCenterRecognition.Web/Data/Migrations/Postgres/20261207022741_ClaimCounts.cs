using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Postgres
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
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Stage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsClosed = table.Column<bool>(type: "boolean", nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    Claims = table.Column<int>(type: "integer", nullable: false),
                    Members = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimCounts", x => new { x.Department, x.Stage, x.IsClosed, x.Slot });
                });

            // Kept in the same transaction as every change to a claim's department, stage or closing and to its grievants,
            // whichever code path makes it. A cell is 16 rows (slot = the claim id's last byte mod 16), so instances acting on
            // different claims of one department and stage seldom wait on each other's row lock; a move touches its two cells
            // in key order, so two moves in opposite directions cannot deadlock.
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_counts_add(department varchar, stage varchar, closed boolean, slot integer, claims integer, members integer) RETURNS void
                LANGUAGE sql AS $$
                    INSERT INTO "ClaimCounts" ("Department", "Stage", "IsClosed", "Slot", "Claims", "Members")
                    VALUES (department, stage, closed, slot, claims, members)
                    ON CONFLICT ("Department", "Stage", "IsClosed", "Slot") DO UPDATE
                    SET "Claims" = "ClaimCounts"."Claims" + excluded."Claims", "Members" = "ClaimCounts"."Members" + excluded."Members";
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_counts_slot(id uuid) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT get_byte(uuid_send(id), 15) % 16 $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_counts_on_claim() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    members integer;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        SELECT COUNT(*) INTO members FROM "ClaimGrievants" WHERE "ClaimId" = NEW."Id" AND "RemovedAt" IS NULL;
                        PERFORM claim_counts_add(NEW."Department", NEW."Stage", NEW."IsClosed", claim_counts_slot(NEW."Id"), 1, members);
                        RETURN NEW;
                    ELSIF TG_OP = 'DELETE' THEN
                        SELECT COUNT(*) INTO members FROM "ClaimGrievants" WHERE "ClaimId" = OLD."Id" AND "RemovedAt" IS NULL;
                        PERFORM claim_counts_add(OLD."Department", OLD."Stage", OLD."IsClosed", claim_counts_slot(OLD."Id"), -1, -members);
                        RETURN OLD;
                    END IF;
                    IF (OLD."Department", OLD."Stage", OLD."IsClosed") IS NOT DISTINCT FROM (NEW."Department", NEW."Stage", NEW."IsClosed") THEN
                        RETURN NEW;
                    END IF;
                    SELECT COUNT(*) INTO members FROM "ClaimGrievants" WHERE "ClaimId" = NEW."Id" AND "RemovedAt" IS NULL;
                    IF (OLD."Department", OLD."Stage", OLD."IsClosed") < (NEW."Department", NEW."Stage", NEW."IsClosed") THEN
                        PERFORM claim_counts_add(OLD."Department", OLD."Stage", OLD."IsClosed", claim_counts_slot(OLD."Id"), -1, -members);
                        PERFORM claim_counts_add(NEW."Department", NEW."Stage", NEW."IsClosed", claim_counts_slot(NEW."Id"), 1, members);
                    ELSE
                        PERFORM claim_counts_add(NEW."Department", NEW."Stage", NEW."IsClosed", claim_counts_slot(NEW."Id"), 1, members);
                        PERFORM claim_counts_add(OLD."Department", OLD."Stage", OLD."IsClosed", claim_counts_slot(OLD."Id"), -1, -members);
                    END IF;
                    RETURN NEW;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_counts_on_grievant() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."RemovedAt" IS NULL THEN
                        PERFORM claim_counts_add(c."Department", c."Stage", c."IsClosed", claim_counts_slot(c."Id"), 0, -1) FROM "Claims" c WHERE c."Id" = OLD."ClaimId";
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."RemovedAt" IS NULL THEN
                        PERFORM claim_counts_add(c."Department", c."Stage", c."IsClosed", claim_counts_slot(c."Id"), 0, 1) FROM "Claims" c WHERE c."Id" = NEW."ClaimId";
                    END IF;
                    RETURN NULL;
                END;
                $$;
                """);

            // Before the row goes, while its grievants are still there; the cascade that deletes them runs after it and finds no claim.
            migrationBuilder.Sql("""
                CREATE TRIGGER claim_counts_claim_inserted AFTER INSERT ON "Claims" FOR EACH ROW EXECUTE FUNCTION claim_counts_on_claim();
                CREATE TRIGGER claim_counts_claim_moved AFTER UPDATE OF "Department", "Stage", "IsClosed" ON "Claims" FOR EACH ROW EXECUTE FUNCTION claim_counts_on_claim();
                CREATE TRIGGER claim_counts_claim_deleted BEFORE DELETE ON "Claims" FOR EACH ROW EXECUTE FUNCTION claim_counts_on_claim();
                CREATE TRIGGER claim_counts_grievant_inserted AFTER INSERT ON "ClaimGrievants" FOR EACH ROW EXECUTE FUNCTION claim_counts_on_grievant();
                CREATE TRIGGER claim_counts_grievant_changed AFTER UPDATE OF "RemovedAt", "ClaimId" ON "ClaimGrievants" FOR EACH ROW
                    WHEN ((OLD."RemovedAt" IS NULL) IS DISTINCT FROM (NEW."RemovedAt" IS NULL) OR OLD."ClaimId" IS DISTINCT FROM NEW."ClaimId")
                    EXECUTE FUNCTION claim_counts_on_grievant();
                CREATE TRIGGER claim_counts_grievant_deleted AFTER DELETE ON "ClaimGrievants" FOR EACH ROW EXECUTE FUNCTION claim_counts_on_grievant();
                """);

            // Counted once from what is there now.
            migrationBuilder.Sql("""
                INSERT INTO "ClaimCounts" ("Department", "Stage", "IsClosed", "Slot", "Claims", "Members")
                SELECT c."Department", c."Stage", c."IsClosed", claim_counts_slot(c."Id"), COUNT(*), COALESCE(SUM(g.n), 0)
                FROM "Claims" c
                LEFT JOIN (SELECT "ClaimId", COUNT(*) AS n FROM "ClaimGrievants" WHERE "RemovedAt" IS NULL GROUP BY "ClaimId") g ON g."ClaimId" = c."Id"
                GROUP BY c."Department", c."Stage", c."IsClosed", claim_counts_slot(c."Id");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS claim_counts_claim_inserted ON "Claims";
                DROP TRIGGER IF EXISTS claim_counts_claim_moved ON "Claims";
                DROP TRIGGER IF EXISTS claim_counts_claim_deleted ON "Claims";
                DROP TRIGGER IF EXISTS claim_counts_grievant_inserted ON "ClaimGrievants";
                DROP TRIGGER IF EXISTS claim_counts_grievant_changed ON "ClaimGrievants";
                DROP TRIGGER IF EXISTS claim_counts_grievant_deleted ON "ClaimGrievants";
                DROP FUNCTION IF EXISTS claim_counts_on_claim();
                DROP FUNCTION IF EXISTS claim_counts_on_grievant();
                DROP FUNCTION IF EXISTS claim_counts_slot(uuid);
                DROP FUNCTION IF EXISTS claim_counts_add(varchar, varchar, boolean, integer, integer, integer);
                """);
            migrationBuilder.DropTable(
                name: "ClaimCounts");
        }
    }
}
