using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentContents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DocumentContents",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    ChunkBytes = table.Column<int>(type: "integer", nullable: false),
                    WrittenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentContents", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "DocumentContentChunks",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Chunk = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentContentChunks", x => new { x.Sha256, x.Chunk });
                    table.ForeignKey(
                        name: "FK_DocumentContentChunks_DocumentContents_Sha256",
                        column: x => x.Sha256,
                        principalTable: "DocumentContents",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Cascade);
                });

            // Uploads are mostly compressed already (PDF, JPEG, DOCX): kept out of line without another compression attempt.
            migrationBuilder.Sql("ALTER TABLE \"DocumentContentChunks\" ALTER COLUMN \"Data\" SET STORAGE EXTERNAL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentContentChunks");

            migrationBuilder.DropTable(
                name: "DocumentContents");
        }
    }
}
