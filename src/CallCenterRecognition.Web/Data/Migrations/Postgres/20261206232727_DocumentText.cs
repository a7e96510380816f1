using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CategorySource",
                table: "Documents",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "uploader");

            migrationBuilder.AddColumn<double>(
                name: "Confidence",
                table: "Documents",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Highlights",
                table: "Documents",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuggestedCategory",
                table: "Documents",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TextLeaseUntil",
                table: "Documents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TextOcrPages",
                table: "Documents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TextPageCount",
                table: "Documents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TextReadAt",
                table: "Documents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextReason",
                table: "Documents",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextStatus",
                table: "Documents",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "pending");

            migrationBuilder.CreateTable(
                name: "DocumentTextPages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Page = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentTextPages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentTextPages_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_TextStatus",
                table: "Documents",
                column: "TextStatus");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentTextPages_DocumentId_Page",
                table: "DocumentTextPages",
                columns: new[] { "DocumentId", "Page" },
                unique: true);

            // Staff chose the categories of what they uploaded; a member's pick waits for a representative.
            migrationBuilder.Sql("UPDATE \"Documents\" SET \"CategorySource\" = 'confirmed' WHERE \"UploaderSide\" = 'staff';");

            // Full-text search over the pages: a tsvector the database computes from the text, under a GIN index.
            migrationBuilder.Sql("ALTER TABLE \"DocumentTextPages\" ADD COLUMN \"Search\" tsvector GENERATED ALWAYS AS (to_tsvector('english', \"Text\")) STORED;");
            migrationBuilder.Sql("CREATE INDEX \"IX_DocumentTextPages_Search\" ON \"DocumentTextPages\" USING GIN (\"Search\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentTextPages");

            migrationBuilder.DropIndex(
                name: "IX_Documents_TextStatus",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "CategorySource",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "Confidence",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "Highlights",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "SuggestedCategory",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "TextLeaseUntil",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "TextOcrPages",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "TextPageCount",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "TextReadAt",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "TextReason",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "TextStatus",
                table: "Documents");
        }
    }
}
