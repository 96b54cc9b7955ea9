using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Share links keep working across the upgrade, but the database stops holding them: each stored token is replaced
    /// by its SHA-256 (lowercase hex of the UTF-8 text, as PortfolioShareService.HashToken computes it), here with
    /// PostgreSQL's sha256().
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

            migrationBuilder.Sql("""UPDATE "PortfolioShares" SET "TokenHash" = substr("TokenHash", 1, 32);""");

            migrationBuilder.AlterColumn<string>(
                name: "TokenHash",
                table: "PortfolioShares",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

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
