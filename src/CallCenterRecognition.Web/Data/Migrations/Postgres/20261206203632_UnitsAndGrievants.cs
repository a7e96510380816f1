using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UnitsAndGrievants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "GrievantId",
                table: "MemberLinks",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UnitId",
                table: "Claims",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ClaimGrievants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Classification = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConsentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimGrievants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClaimGrievants_Claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "Claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Units",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    WorkUnit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UnitKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    StatusOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AppealBy = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MergedIntoId = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Units_Units_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Change = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    StatusOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClaimNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitHistory_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_UnitId_IsClosed",
                table: "Claims",
                columns: new[] { "UnitId", "IsClosed" });

            migrationBuilder.CreateIndex(
                name: "IX_ClaimGrievants_ClaimId_Position",
                table: "ClaimGrievants",
                columns: new[] { "ClaimId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClaimGrievants_Email",
                table: "ClaimGrievants",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_UnitHistory_UnitId_Id",
                table: "UnitHistory",
                columns: new[] { "UnitId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Units_Department_Status",
                table: "Units",
                columns: new[] { "Department", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Units_MergedIntoId",
                table: "Units",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_Units_Status_StatusOn",
                table: "Units",
                columns: new[] { "Status", "StatusOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Units_UnitKey",
                table: "Units",
                column: "UnitKey",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Claims_Units_UnitId",
                table: "Claims",
                column: "UnitId",
                principalTable: "Units",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
                    // Every claim so far becomes a one-grievant claim of its unit; the units' statuses are derived at start-up
            // from the claims' stages and the milestones their definitions mark (Status null until then).
            migrationBuilder.Sql("""
                INSERT INTO "Units" ("Department", "WorkUnit", "UnitKey", "Name", "Status", "CreatedAt", "UpdatedAt", "Version")
                SELECT MIN("Department"), MIN("WorkUnit"), "UnitKey", MIN("WorkUnit"), NULL, MIN("OpenedAt"), MAX("OpenedAt"), 0
                FROM "Claims" GROUP BY "UnitKey";
                """);
            migrationBuilder.Sql("""
                UPDATE "Claims" SET "UnitId" = u."Id" FROM "Units" u WHERE u."UnitKey" = "Claims"."UnitKey";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ClaimGrievants" ("ClaimId", "Position", "Name", "Email", "Phone", "Classification", "AddedAt")
                SELECT "Id", 0, "MemberName", "MemberEmail", "MemberPhone", "Classification", "OpenedAt" FROM "Claims";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Units go first: no claim may still point at one when its table is dropped.
            migrationBuilder.Sql("UPDATE \"Claims\" SET \"UnitId\" = NULL;");

            migrationBuilder.DropForeignKey(
                name: "FK_Claims_Units_UnitId",
                table: "Claims");

            migrationBuilder.DropTable(
                name: "ClaimGrievants");

            migrationBuilder.DropTable(
                name: "UnitHistory");

            migrationBuilder.DropTable(
                name: "Units");

            migrationBuilder.DropIndex(
                name: "IX_Claims_UnitId_IsClosed",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "GrievantId",
                table: "MemberLinks");

            migrationBuilder.DropColumn(
                name: "UnitId",
                table: "Claims");
        }
    }
}
