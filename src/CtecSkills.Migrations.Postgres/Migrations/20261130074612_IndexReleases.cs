using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IndexReleases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IndexReleases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PeriodKind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodNumber = table.Column<int>(type: "integer", nullable: false),
                    FirstMonth = table.Column<int>(type: "integer", nullable: false),
                    LastMonth = table.Column<int>(type: "integer", nullable: false),
                    Breakdown = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    K = table.Column<int>(type: "integer", nullable: false),
                    Epsilon = table.Column<double>(type: "double precision", nullable: true),
                    Method = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    FactCount = table.Column<int>(type: "integer", nullable: false),
                    UnplacedFactCount = table.Column<int>(type: "integer", nullable: false),
                    SyntheticFactCount = table.Column<int>(type: "integer", nullable: false),
                    PopulationReferenceId = table.Column<int>(type: "integer", nullable: false),
                    PopulationSource = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PopulationYear = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexReleases", x => x.Id);
                    table.CheckConstraint("CK_IndexReleases_K", "\"K\" >= 1");
                    table.ForeignKey(
                        name: "FK_IndexReleases_PopulationReferences_PopulationReferenceId",
                        column: x => x.PopulationReferenceId,
                        principalTable: "PopulationReferences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IndexReleaseCells",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IndexReleaseId = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    LocalityCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    Area = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Group = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Population = table.Column<long>(type: "bigint", nullable: true),
                    Enrollments = table.Column<int>(type: "integer", nullable: true),
                    Completions = table.Column<int>(type: "integer", nullable: true),
                    Completers = table.Column<int>(type: "integer", nullable: true),
                    CredentialedLearners = table.Column<int>(type: "integer", nullable: true),
                    PriorityCompletions = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexReleaseCells", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IndexReleaseCells_IndexReleases_IndexReleaseId",
                        column: x => x.IndexReleaseId,
                        principalTable: "IndexReleases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndexReleaseCells_IndexReleaseId",
                table: "IndexReleaseCells",
                column: "IndexReleaseId");

            migrationBuilder.CreateIndex(
                name: "IX_IndexReleases_CreatedAt",
                table: "IndexReleases",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IndexReleases_PeriodKind_Year_PeriodNumber",
                table: "IndexReleases",
                columns: new[] { "PeriodKind", "Year", "PeriodNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_IndexReleases_PopulationReferenceId",
                table: "IndexReleases",
                column: "PopulationReferenceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndexReleaseCells");

            migrationBuilder.DropTable(
                name: "IndexReleases");
        }
    }
}
