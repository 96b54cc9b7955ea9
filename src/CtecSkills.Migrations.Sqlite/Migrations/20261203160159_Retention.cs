using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Share links keep working across the upgrade, but the database stops holding them: each stored token is replaced
    /// by its SHA-256 (lowercase hex of the UTF-8 text, as PortfolioShareService.HashToken computes it), here with
    /// the ctec_sha256_hex function DatabaseSetup.MigrateAsync registers on the connection.
    /// Down cannot bring the tokens back: the links made before it stay dead.
    /// </summary>
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PortfolioShares_Token",
                table: "PortfolioShares");

            migrationBuilder.RenameColumn(
                name: "Token",
                table: "PortfolioShares",
                newName: "TokenHash");

            migrationBuilder.Sql("UPDATE \"PortfolioShares\" SET \"TokenHash\" = " + DatabaseSetup.Sha256HexFunction + "(\"TokenHash\");");

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShares_TokenHash",
                table: "PortfolioShares",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PortfolioShares_TokenHash",
                table: "PortfolioShares");

            migrationBuilder.Sql("UPDATE \"PortfolioShares\" SET \"TokenHash\" = substr(\"TokenHash\", 1, 32);");

            migrationBuilder.RenameColumn(
                name: "TokenHash",
                table: "PortfolioShares",
                newName: "Token");

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShares_Token",
                table: "PortfolioShares",
                column: "Token",
                unique: true);
        }
    }
}
