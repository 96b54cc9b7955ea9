using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Credentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Achievements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CourseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CriteriaNarrative = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AchievementType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ValidityMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Achievements", x => x.Id);
                    table.CheckConstraint("CK_Achievements_ValidityMonths", "\"ValidityMonths\" IS NULL OR \"ValidityMonths\" > 0");
                    table.ForeignKey(
                        name: "FK_Achievements_Courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "Courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BulkIssueRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Issued = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkIssueRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BulkIssueRuns_Cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "Cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IssuerKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrainingBaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PublicJwk = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuerKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IssuerKeys_TrainingBases_TrainingBaseId",
                        column: x => x.TrainingBaseId,
                        principalTable: "TrainingBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StatusListPublications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrainingBaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Jws = table.Column<string>(type: "TEXT", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 70, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusListPublications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusListPublications_TrainingBases_TrainingBaseId",
                        column: x => x.TrainingBaseId,
                        principalTable: "TrainingBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IssuedCredentials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CredentialId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    AchievementId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    IssuerBaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    VerificationCode = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CredentialJson = table.Column<string>(type: "TEXT", nullable: false),
                    Jws = table.Column<string>(type: "TEXT", nullable: false),
                    StatusListSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SuspendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuedCredentials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IssuedCredentials_Achievements_AchievementId",
                        column: x => x.AchievementId,
                        principalTable: "Achievements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IssuedCredentials_Enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "Enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IssuedCredentials_TrainingBases_IssuerBaseId",
                        column: x => x.IssuerBaseId,
                        principalTable: "TrainingBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Achievements_CourseId",
                table: "Achievements",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_BulkIssueRuns_CohortId_RequestedAt",
                table: "BulkIssueRuns",
                columns: new[] { "CohortId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkIssueRuns_FinishedAt",
                table: "BulkIssueRuns",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_AchievementId",
                table: "IssuedCredentials",
                column: "AchievementId");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_CredentialId",
                table: "IssuedCredentials",
                column: "CredentialId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials",
                columns: new[] { "EnrollmentId", "AchievementId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_IssuerBaseId_StatusListSequence_StatusIndex",
                table: "IssuedCredentials",
                columns: new[] { "IssuerBaseId", "StatusListSequence", "StatusIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_UserId",
                table: "IssuedCredentials",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_VerificationCode",
                table: "IssuedCredentials",
                column: "VerificationCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuerKeys_Current",
                table: "IssuerKeys",
                column: "TrainingBaseId",
                unique: true,
                filter: "\"RetiredAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_IssuerKeys_KeyId",
                table: "IssuerKeys",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatusListPublications_TrainingBaseId_Purpose_Sequence",
                table: "StatusListPublications",
                columns: new[] { "TrainingBaseId", "Purpose", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BulkIssueRuns");

            migrationBuilder.DropTable(
                name: "IssuedCredentials");

            migrationBuilder.DropTable(
                name: "IssuerKeys");

            migrationBuilder.DropTable(
                name: "StatusListPublications");

            migrationBuilder.DropTable(
                name: "Achievements");
        }
    }
}
