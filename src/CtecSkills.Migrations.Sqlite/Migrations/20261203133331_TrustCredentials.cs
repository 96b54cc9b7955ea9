using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CompromisedAt",
                table: "IssuerKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplacedByCredentialId",
                table: "IssuedCredentials",
                type: "TEXT",
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
