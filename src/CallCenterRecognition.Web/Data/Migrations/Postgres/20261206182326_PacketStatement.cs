using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallCenterRecognition.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PacketStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Documents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DifferentialFrom",
                table: "Claims",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "OccurredOn",
                table: "Claims",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatementFacts",
                table: "Claims",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Description",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "DifferentialFrom",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "OccurredOn",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "StatementFacts",
                table: "Claims");
        }
    }
}
