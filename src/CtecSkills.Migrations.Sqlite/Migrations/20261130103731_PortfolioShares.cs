using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtecSkills.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PortfolioShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HolderNamePublic",
                table: "IssuedCredentials",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "PortfolioShares",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    LifetimeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortfolioShares", x => x.Id);
                    table.CheckConstraint("CK_PortfolioShares_LifetimeDays", "\"LifetimeDays\" IN (7, 30, 90)");
                    table.ForeignKey(
                        name: "FK_PortfolioShares_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PortfolioShareItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PortfolioShareId = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuedCredentialId = table.Column<long>(type: "INTEGER", nullable: true),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortfolioShareItems", x => x.Id);
                    table.CheckConstraint("CK_PortfolioShareItems_OneKind", "(\"IssuedCredentialId\" IS NULL) <> (\"EnrollmentId\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_PortfolioShareItems_Enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "Enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PortfolioShareItems_IssuedCredentials_IssuedCredentialId",
                        column: x => x.IssuedCredentialId,
                        principalTable: "IssuedCredentials",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PortfolioShareItems_PortfolioShares_PortfolioShareId",
                        column: x => x.PortfolioShareId,
                        principalTable: "PortfolioShares",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PortfolioShareViews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PortfolioShareId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ViewerOrganization = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortfolioShareViews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PortfolioShareViews_PortfolioShares_PortfolioShareId",
                        column: x => x.PortfolioShareId,
                        principalTable: "PortfolioShares",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShareItems_EnrollmentId",
                table: "PortfolioShareItems",
                column: "EnrollmentId");

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShareItems_IssuedCredentialId",
                table: "PortfolioShareItems",
                column: "IssuedCredentialId");

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShareItems_PortfolioShareId_EnrollmentId",
                table: "PortfolioShareItems",
                columns: new[] { "PortfolioShareId", "EnrollmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShareItems_PortfolioShareId_IssuedCredentialId",
                table: "PortfolioShareItems",
                columns: new[] { "PortfolioShareId", "IssuedCredentialId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShares_Token",
                table: "PortfolioShares",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShares_UserId_CreatedAt",
                table: "PortfolioShares",
                columns: new[] { "UserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PortfolioShareViews_PortfolioShareId_At",
                table: "PortfolioShareViews",
                columns: new[] { "PortfolioShareId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PortfolioShareItems");

            migrationBuilder.DropTable(
                name: "PortfolioShareViews");

            migrationBuilder.DropTable(
                name: "PortfolioShares");

            migrationBuilder.DropColumn(
                name: "HolderNamePublic",
                table: "IssuedCredentials");
        }
    }
}
