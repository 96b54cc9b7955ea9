using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Trust : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials");

            migrationBuilder.AddColumn<int>(
                name: "LessonNumber",
                table: "Questions",
                type: "INTEGER",
                nullable: true);

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

            migrationBuilder.CreateTable(
                name: "AttendanceStrikes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    StruckAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StruckByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceStrikes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttendanceStrikes_CohortSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "CohortSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AttendanceStrikes_Enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "Enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MailOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    To = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboundMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Secret = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials",
                columns: new[] { "EnrollmentId", "AchievementId" },
                unique: true,
                filter: "\"ReplacedByCredentialId\" IS NULL");

            // Releases from before publishing existed were already served to anyone by the open-data API: they are
            // marked published at the moment they were built, except those below today's floor on k, which become
            // drafts that cannot be published (docs/decisions/0022). Runs before the constraint that checks it.
            migrationBuilder.Sql("""
                UPDATE "IndexReleases" SET "PublishedAt" = "CreatedAt", "PublishedBy" = 'before-publishing'
                WHERE "K" >= 5 AND ("Breakdown" = 'None' OR "K" >= 10);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_IndexReleases_PublishedAt",
                table: "IndexReleases",
                column: "PublishedAt");

            migrationBuilder.AddCheckConstraint(
                name: "CK_IndexReleases_PublishedK",
                table: "IndexReleases",
                sql: "\"PublishedAt\" IS NULL OR (\"K\" >= 5 AND (\"Breakdown\" = 'None' OR \"K\" >= 10))");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceStrikes_EnrollmentId_SessionId",
                table: "AttendanceStrikes",
                columns: new[] { "EnrollmentId", "SessionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceStrikes_SessionId",
                table: "AttendanceStrikes",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_MailOutbox_To",
                table: "MailOutbox",
                column: "To");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_CreatedAt",
                table: "OutboundMessages",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_Key",
                table: "OutboundMessages",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_State_NextAttemptAt",
                table: "OutboundMessages",
                columns: new[] { "State", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttendanceStrikes");

            migrationBuilder.DropTable(
                name: "MailOutbox");

            migrationBuilder.DropTable(
                name: "OutboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials");

            migrationBuilder.DropIndex(
                name: "IX_IndexReleases_PublishedAt",
                table: "IndexReleases");

            migrationBuilder.DropCheckConstraint(
                name: "CK_IndexReleases_PublishedK",
                table: "IndexReleases");

            migrationBuilder.DropColumn(
                name: "LessonNumber",
                table: "Questions");

            migrationBuilder.DropColumn(
                name: "CompromiseReason",
                table: "IssuerKeys");

            migrationBuilder.DropColumn(
                name: "CompromisedAt",
                table: "IssuerKeys");

            migrationBuilder.DropColumn(
                name: "ReplacedByCredentialId",
                table: "IssuedCredentials");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "IndexReleases");

            migrationBuilder.DropColumn(
                name: "PublishedBy",
                table: "IndexReleases");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_EnrollmentId_AchievementId",
                table: "IssuedCredentials",
                columns: new[] { "EnrollmentId", "AchievementId" },
                unique: true);
        }
    }
}
