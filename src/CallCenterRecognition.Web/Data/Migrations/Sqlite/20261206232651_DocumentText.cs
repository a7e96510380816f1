using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 12,
                nullable: false,
                defaultValue: "uploader");

            migrationBuilder.AddColumn<double>(
                name: "Confidence",
                table: "Documents",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Highlights",
                table: "Documents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuggestedCategory",
                table: "Documents",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TextLeaseUntil",
                table: "Documents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TextOcrPages",
                table: "Documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TextPageCount",
                table: "Documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "TextReadAt",
                table: "Documents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextReason",
                table: "Documents",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextStatus",
                table: "Documents",
                type: "TEXT",
                maxLength: 12,
                nullable: false,
                defaultValue: "pending");

            migrationBuilder.CreateTable(
                name: "DocumentTextPages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Page = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
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

            // Full-text search over the pages: an FTS5 index reading its text from DocumentTextPages, kept in step by triggers.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE \"DocumentTextSearch\" USING fts5(\"Text\", content='DocumentTextPages', content_rowid='Id', tokenize='porter unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("CREATE TRIGGER \"DocumentTextPages_Insert\" AFTER INSERT ON \"DocumentTextPages\" BEGIN INSERT INTO \"DocumentTextSearch\"(rowid, \"Text\") VALUES (new.\"Id\", new.\"Text\"); END;");
            migrationBuilder.Sql("CREATE TRIGGER \"DocumentTextPages_Delete\" AFTER DELETE ON \"DocumentTextPages\" BEGIN INSERT INTO \"DocumentTextSearch\"(\"DocumentTextSearch\", rowid, \"Text\") VALUES ('delete', old.\"Id\", old.\"Text\"); END;");
            migrationBuilder.Sql("CREATE TRIGGER \"DocumentTextPages_Update\" AFTER UPDATE ON \"DocumentTextPages\" BEGIN INSERT INTO \"DocumentTextSearch\"(\"DocumentTextSearch\", rowid, \"Text\") VALUES ('delete', old.\"Id\", old.\"Text\"); INSERT INTO \"DocumentTextSearch\"(rowid, \"Text\") VALUES (new.\"Id\", new.\"Text\"); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"DocumentTextPages_Insert\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"DocumentTextPages_Delete\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"DocumentTextPages_Update\";");
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"DocumentTextSearch\";");

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
