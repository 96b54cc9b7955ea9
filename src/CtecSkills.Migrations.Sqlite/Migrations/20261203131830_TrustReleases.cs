using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrustReleases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PublishedAt",
                table: "IndexReleases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedBy",
                table: "IndexReleases",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IndexReleases_PublishedAt",
                table: "IndexReleases",
                column: "PublishedAt");

            // Releases from before publishing existed were already served to anyone by the open-data API: they are
            // marked published at the moment they were built, except those below today's floor on k, which become
            // drafts that cannot be published (docs/decisions/0022). Runs before the constraint that checks it.
            migrationBuilder.Sql("""
                UPDATE "IndexReleases" SET "PublishedAt" = "CreatedAt", "PublishedBy" = 'before-publishing'
                WHERE "K" >= 5 AND ("Breakdown" = 'None' OR "K" >= 10);
                """);

            migrationBuilder.AddCheckConstraint(
                name: "CK_IndexReleases_PublishedK",
                table: "IndexReleases",
                sql: "\"PublishedAt\" IS NULL OR (\"K\" >= 5 AND (\"Breakdown\" = 'None' OR \"K\" >= 10))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IndexReleases_PublishedAt",
                table: "IndexReleases");

            migrationBuilder.DropCheckConstraint(
                name: "CK_IndexReleases_PublishedK",
                table: "IndexReleases");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "IndexReleases");

            migrationBuilder.DropColumn(
                name: "PublishedBy",
                table: "IndexReleases");
        }
    }
}
