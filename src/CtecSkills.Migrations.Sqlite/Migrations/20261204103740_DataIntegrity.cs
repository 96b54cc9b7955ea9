using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataIntegrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CredentialJson",
                table: "StatusListPublications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Ed25519PublicKeyMultibase",
                table: "IssuerKeys",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedEd25519Seed",
                table: "IssuerKeys",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuerKeys_Ed25519PublicKeyMultibase",
                table: "IssuerKeys",
                column: "Ed25519PublicKeyMultibase",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IssuerKeys_Ed25519PublicKeyMultibase",
                table: "IssuerKeys");

            migrationBuilder.DropColumn(
                name: "CredentialJson",
                table: "StatusListPublications");

            migrationBuilder.DropColumn(
                name: "Ed25519PublicKeyMultibase",
                table: "IssuerKeys");

            migrationBuilder.DropColumn(
                name: "ProtectedEd25519Seed",
                table: "IssuerKeys");
        }
    }
}
