using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IndexFactsPerformance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsSynthetic",
                table: "LearningFacts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "LearnerKey",
                table: "LearningFacts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Existing facts get what LearningFact.KeyOf gives: the pseudonym's last 16 hex digits as a two's-complement
            // 64-bit number, or for any other pseudonym the first 8 bytes of its SHA-256.
            migrationBuilder.Sql("""
                UPDATE "LearningFacts" SET
                    "LearnerKey" = CASE WHEN right("Pseudonym", 16) ~ '^[0-9a-f]{16}$'
                        THEN ('x' || right("Pseudonym", 16))::bit(64)::bigint
                        ELSE ('x' || left(encode(sha256(convert_to("Pseudonym", 'UTF8')), 'hex'), 16))::bit(64)::bigint END,
                    "IsSynthetic" = starts_with("Pseudonym", 'synthetic:');
                """);

            migrationBuilder.CreateIndex(
                name: "IX_LearningFacts_Release",
                table: "LearningFacts",
                columns: new[] { "Kind", "LocalityCode", "Area", "IsSynthetic", "LearnerKey", "Period", "TargetGroup", "Gender" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LearningFacts_Release",
                table: "LearningFacts");

            migrationBuilder.DropColumn(
                name: "IsSynthetic",
                table: "LearningFacts");

            migrationBuilder.DropColumn(
                name: "LearnerKey",
                table: "LearningFacts");
        }
    }
}
