using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MemberLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MemberLanguage",
                table: "Claims",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "en");

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "ClaimGrievants",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "en");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a plain column itself; EF's table rebuild would need the grievants table in the model migrated to,
            // which a migration back to before units no longer has.
            migrationBuilder.Sql("ALTER TABLE \"Claims\" DROP COLUMN \"MemberLanguage\";");
            migrationBuilder.Sql("ALTER TABLE \"ClaimGrievants\" DROP COLUMN \"Language\";");
        }
    }
}
