using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrustCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials");

            migrationBuilder.AddColumn<string>(
                name: "CompromiseReason",
                table: "IssuerKeys",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CompromisedAt",
                table: "IssuerKeys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplacedByCredentialId",
                table: "IssuedCredentials",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials",
                columns: new[] { "EnrollmentId", "AchievementId" },
                unique: true,
                filter: "\"ReplacedByCredentialId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials");

            migrationBuilder.DropColumn(
                name: "CompromiseReason",
                table: "IssuerKeys");

            migrationBuilder.DropColumn(
                name: "CompromisedAt",
                table: "IssuerKeys");

            migrationBuilder.DropColumn(
                name: "ReplacedByCredentialId",
                table: "IssuedCredentials");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials",
                columns: new[] { "EnrollmentId", "AchievementId" },
                unique: true);
        }
    }
}
