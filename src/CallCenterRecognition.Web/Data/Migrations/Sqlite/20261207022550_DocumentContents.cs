using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
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
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    ChunkBytes = table.Column<int>(type: "INTEGER", nullable: false),
                    WrittenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentContents", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "DocumentContentChunks",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Chunk = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
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
