using System.Globalization;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "LearnerKey",
                table: "LearningFacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Existing facts get what LearningFact.KeyOf gives: the pseudonym's last 16 hex digits as a two's-complement
            // 64-bit number. SQLite has no hex parser, so the digits are summed one by one; the top digit carries the
            // sign. Every pseudonym written so far ends in 16 lowercase hex digits (HMAC-SHA256 or synthetic).
            var digits = Enumerable.Range(0, 16).Select(i =>
            {
                var digit = $"(instr('0123456789abcdef', substr(\"Pseudonym\", {i - 16}, 1)) - 1)";
                var weight = (1L << (4 * (15 - i))).ToString(CultureInfo.InvariantCulture);
                return i == 0 ? $"({digit} - 16 * ({digit} >= 8)) * {weight}" : $"{digit} * {weight}";
            });
            migrationBuilder.Sql($"""
                UPDATE "LearningFacts" SET
                    "LearnerKey" = {string.Join(" + ", digits)},
                    "IsSynthetic" = substr("Pseudonym", 1, 10) = 'synthetic:'
                WHERE length("Pseudonym") >= 16 AND substr("Pseudonym", -16) NOT GLOB '*[^0-9a-f]*';
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
