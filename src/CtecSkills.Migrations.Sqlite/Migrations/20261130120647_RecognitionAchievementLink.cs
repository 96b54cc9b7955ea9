using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RecognitionAchievementLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An agreement naming an achievement that does not exist could never match a credential; it keeps no scope.
            migrationBuilder.Sql("UPDATE \"RecognitionAgreements\" SET \"AchievementId\" = NULL WHERE \"AchievementId\" IS NOT NULL AND \"AchievementId\" NOT IN (SELECT \"Id\" FROM \"Achievements\");");

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionAgreements_AchievementId",
                table: "RecognitionAgreements",
                column: "AchievementId");

            migrationBuilder.AddForeignKey(
                name: "FK_RecognitionAgreements_Achievements_AchievementId",
                table: "RecognitionAgreements",
                column: "AchievementId",
                principalTable: "Achievements",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RecognitionAgreements_Achievements_AchievementId",
                table: "RecognitionAgreements");

            migrationBuilder.DropIndex(
                name: "IX_RecognitionAgreements_AchievementId",
                table: "RecognitionAgreements");
        }
    }
}
