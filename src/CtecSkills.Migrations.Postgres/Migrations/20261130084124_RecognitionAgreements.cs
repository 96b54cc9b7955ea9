using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RecognitionAgreements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecognitionAgreements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IssuedInProvince = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    RecognizedInProvince = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Level = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    AchievementId = table.Column<int>(type: "integer", nullable: true),
                    LocalStandard = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecognitionAgreements", x => x.Id);
                    table.CheckConstraint("CK_RecognitionAgreements_Provinces", "\"IssuedInProvince\" <> \"RecognizedInProvince\"");
                    table.CheckConstraint("CK_RecognitionAgreements_Scope", "(\"Category\" IS NULL) <> (\"AchievementId\" IS NULL)");
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionAgreements_IssuedInProvince_ValidFrom",
                table: "RecognitionAgreements",
                columns: new[] { "IssuedInProvince", "ValidFrom" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecognitionAgreements");
        }
    }
}
