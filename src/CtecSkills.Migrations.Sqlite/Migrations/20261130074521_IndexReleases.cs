using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PeriodKind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    PeriodNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    LastMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    Breakdown = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    K = table.Column<int>(type: "INTEGER", nullable: false),
                    Epsilon = table.Column<double>(type: "REAL", nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    FactCount = table.Column<int>(type: "INTEGER", nullable: false),
                    UnplacedFactCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SyntheticFactCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PopulationReferenceId = table.Column<int>(type: "INTEGER", nullable: false),
                    PopulationSource = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PopulationYear = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndexReleaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ProvinceCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    LocalityCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    Area = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Group = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Population = table.Column<long>(type: "INTEGER", nullable: true),
                    Enrollments = table.Column<int>(type: "INTEGER", nullable: true),
                    Completions = table.Column<int>(type: "INTEGER", nullable: true),
                    Completers = table.Column<int>(type: "INTEGER", nullable: true),
                    CredentialedLearners = table.Column<int>(type: "INTEGER", nullable: true),
                    PriorityCompletions = table.Column<int>(type: "INTEGER", nullable: true)
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
