using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HolderName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HolderName",
                table: "IssuedCredentials");
        }
    }
}
