using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
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

            migrationBuilder.AlterColumn<string>(
                name: "TokenHash",
                table: "PortfolioShares",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.Sql("""UPDATE "PortfolioShares" SET "TokenHash" = encode(sha256(convert_to("TokenHash", 'UTF8')), 'hex');""");

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "IssuedCredentials",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(450)",
                oldMaxLength: 450);

            migrationBuilder.AddColumn<string>(
                name: "HolderName",
                table: "IssuedCredentials",
                type: "character varying(100)",
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
                type: "character varying(450)",
                maxLength: 450,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(450)",
                oldMaxLength: 450);

            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    NoticeVersion = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Given = table.Column<bool>(type: "boolean", nullable: false),
                    Way = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Bytes = table.Column<long>(type: "bigint", nullable: true),
                    Zip = table.Column<byte[]>(type: "bytea", nullable: true),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
                SELECT "Id", "PrivacyNoticeVersion", "PrivacyAcceptedAt", TRUE, 'BeforeHistory'
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
                name: "Token",
                table: "PortfolioShares",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "IssuedCredentials",
                type: "character varying(450)",
                maxLength: 450,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(450)",
                oldMaxLength: 450,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "Enrollments",
                type: "character varying(450)",
                maxLength: 450,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(450)",
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
