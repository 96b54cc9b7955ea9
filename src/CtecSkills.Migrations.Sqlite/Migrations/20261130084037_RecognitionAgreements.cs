using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IssuedInProvince = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    RecognizedInProvince = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Level = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    AchievementId = table.Column<int>(type: "INTEGER", nullable: true),
                    LocalStandard = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
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
