using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UnitId",
                table: "Claims",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ClaimGrievants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Classification = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ConsentOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WorkUnit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StatusOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AppealBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MergedIntoId = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UnitId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Change = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StatusOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClaimId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
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
                UPDATE "Claims" SET "UnitId" = (SELECT u."Id" FROM "Units" u WHERE u."UnitKey" = "Claims"."UnitKey");
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
