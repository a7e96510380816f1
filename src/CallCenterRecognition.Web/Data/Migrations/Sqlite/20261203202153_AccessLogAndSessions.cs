using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccessLogAndSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Active",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                // Accounts that exist when this runs were signing in: they stay active. New rows get Active from the code.
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "AccessLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PacketBuildId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessLog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccessLog_Claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "Claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SpentRefreshTokens",
                columns: table => new
                {
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    SpentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpentRefreshTokens", x => x.TokenHash);
                });

            // Append-only in the database too, so no code path (or slip at a SQL prompt) edits who looked.
            migrationBuilder.Sql("CREATE TRIGGER \"AccessLog_no_update\" BEFORE UPDATE ON \"AccessLog\" BEGIN SELECT RAISE(ABORT, 'AccessLog is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER \"AccessLog_no_delete\" BEFORE DELETE ON \"AccessLog\" BEGIN SELECT RAISE(ABORT, 'AccessLog is append-only'); END;");

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_ClaimId_Id",
                table: "AccessLog",
                columns: new[] { "ClaimId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SpentRefreshTokens_ExpiresAt",
                table: "SpentRefreshTokens",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessLog");

            migrationBuilder.DropTable(
                name: "SpentRefreshTokens");

            migrationBuilder.DropColumn(
                name: "Active",
                table: "AspNetUsers");
        }
    }
}
