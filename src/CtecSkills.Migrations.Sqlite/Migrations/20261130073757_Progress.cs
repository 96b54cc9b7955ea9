using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Progress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CompletedAt",
                table: "Enrollments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompletionMethod",
                table: "Enrollments",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastActivityAt",
                table: "Enrollments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MinAttendedHours",
                table: "Courses",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Culture",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Attendance",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Attendance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Attendance_CohortSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "CohortSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Attendance_Enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "Enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TrainingBaseId = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IssuanceRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuanceRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IssuanceRequests_Enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "Enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LearningFacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    LocalityCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    Area = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    TargetGroup = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    AgeBand = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Pseudonym = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearningFacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RemindersSent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RemindersSent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RemindersSent_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_Courses_MinAttendedHours",
                table: "Courses",
                sql: "\"MinAttendedHours\" >= 0");

            migrationBuilder.CreateIndex(
                name: "IX_Attendance_EnrollmentId_SessionId",
                table: "Attendance",
                columns: new[] { "EnrollmentId", "SessionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Attendance_SessionId",
                table: "Attendance",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_Subject_At",
                table: "AuditLog",
                columns: new[] { "Subject", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_TrainingBaseId_At",
                table: "AuditLog",
                columns: new[] { "TrainingBaseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_IssuanceRequests_EnrollmentId",
                table: "IssuanceRequests",
                column: "EnrollmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuanceRequests_ProcessedAt",
                table: "IssuanceRequests",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_LearningFacts_Kind_Period",
                table: "LearningFacts",
                columns: new[] { "Kind", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_RemindersSent_UserId_Day",
                table: "RemindersSent",
                columns: new[] { "UserId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Attendance");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "IssuanceRequests");

            migrationBuilder.DropTable(
                name: "LearningFacts");

            migrationBuilder.DropTable(
                name: "RemindersSent");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Courses_MinAttendedHours",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "CompletedAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "CompletionMethod",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "LastActivityAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "MinAttendedHours",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "Culture",
                table: "AspNetUsers");
        }
    }
}
