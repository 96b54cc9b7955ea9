using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
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
                type: "integer",
                nullable: true);

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

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublishedAt",
                table: "IndexReleases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedBy",
                table: "IndexReleases",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AttendanceStrikes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<int>(type: "integer", nullable: false),
                    EnrollmentId = table.Column<int>(type: "integer", nullable: false),
                    StruckAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StruckByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    To = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboundMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Phone = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Secret = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
