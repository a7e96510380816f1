using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReminderTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "Reminders",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "Reminders");
        }
    }
}
