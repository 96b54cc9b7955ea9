using System;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Issue 13, personal data: consent as a history (back-filled from the stored acceptances), the holder's name kept
    /// on each credential as issued, data downloads, share links stored as hashes, and account erasure (enrollments and
    /// credentials may outlive their learner). The SQLite token hashing calls the function DatabaseSetup.MigrateAsync
    /// registers on its connection, so apply it with the app or its migrate command, not `dotnet ef database update`.
    /// </summary>
    public partial class PersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Enrollments_AspNetUsers_UserId",
                table: "Enrollments");

            migrationBuilder.DropIndex(
                name: "IX_PortfolioShares_Token",
                table: "PortfolioShares");

            // Share links keep working, but the database stops holding them: each stored token becomes its SHA-256
            // (lowercase hex of the UTF-8 text, as PortfolioShareService.HashToken computes it; docs/decisions/0023).
            migrationBuilder.RenameColumn(
                name: "Token",
                table: "PortfolioShares",
                newName: "TokenHash");

            migrationBuilder.Sql("UPDATE \"PortfolioShares\" SET \"TokenHash\" = " + DatabaseSetup.Sha256HexFunction + "(\"TokenHash\");");

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "IssuedCredentials",
                type: "TEXT",
                maxLength: 450,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 450);

            migrationBuilder.AddColumn<string>(
                name: "HolderName",
                table: "IssuedCredentials",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // What was true when issued: the names of credentials already issued are taken from the accounts now.
            migrationBuilder.Sql("""
                UPDATE "IssuedCredentials" SET "HolderName" =
                    (SELECT u."DisplayName" FROM "AspNetUsers" AS u WHERE u."Id" = "IssuedCredentials"."UserId");
                """);

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "Enrollments",
                type: "TEXT",
                maxLength: 450,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 450);

            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    NoticeVersion = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Given = table.Column<bool>(type: "INTEGER", nullable: false),
                    Way = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsentRecords_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DataExports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: true),
                    Zip = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataExports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DataExports_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every acceptance stored before the history existed becomes its first step (docs/decisions/0026).
            migrationBuilder.Sql(
                """
                INSERT INTO "ConsentRecords" ("UserId", "NoticeVersion", "At", "Given", "Way")
                SELECT "Id", "PrivacyNoticeVersion", "PrivacyAcceptedAt", 1, 'BeforeHistory'
                FROM "AspNetUsers"
                WHERE "PrivacyAcceptedAt" IS NOT NULL AND "PrivacyNoticeVersion" IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShares_TokenHash",
                table: "PortfolioShares",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_UserId_Id",
                table: "ConsentRecords",
                columns: new[] { "UserId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DataExports_ExpiresAt",
                table: "DataExports",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_DataExports_State_LeaseUntil",
                table: "DataExports",
                columns: new[] { "State", "LeaseUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_DataExports_Unfinished",
                table: "DataExports",
                column: "UserId",
                unique: true,
                filter: "\"FinishedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DataExports_UserId_RequestedAt",
                table: "DataExports",
                columns: new[] { "UserId", "RequestedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Enrollments_AspNetUsers_UserId",
                table: "Enrollments",
                column: "UserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_IssuedCredentials_AspNetUsers_UserId",
                table: "IssuedCredentials",
                column: "UserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Enrollments_AspNetUsers_UserId",
                table: "Enrollments");

            migrationBuilder.DropForeignKey(
                name: "FK_IssuedCredentials_AspNetUsers_UserId",
                table: "IssuedCredentials");

            migrationBuilder.DropTable(
                name: "ConsentRecords");

            migrationBuilder.DropTable(
                name: "DataExports");

            migrationBuilder.DropIndex(
                name: "IX_PortfolioShares_TokenHash",
                table: "PortfolioShares");

            migrationBuilder.DropColumn(
                name: "HolderName",
                table: "IssuedCredentials");

            // The tokens cannot come back from their hashes: links made before the upgrade stay dead after a downgrade.
            migrationBuilder.Sql("""UPDATE "PortfolioShares" SET "TokenHash" = substr("TokenHash", 1, 32);""");

            migrationBuilder.RenameColumn(
                name: "TokenHash",
                table: "PortfolioShares",
                newName: "Token");

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "IssuedCredentials",
                type: "TEXT",
                maxLength: 450,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 450,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "Enrollments",
                type: "TEXT",
                maxLength: 450,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 450,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShares_Token",
                table: "PortfolioShares",
                column: "Token",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Enrollments_AspNetUsers_UserId",
                table: "Enrollments",
                column: "UserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
