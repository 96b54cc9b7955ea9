using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtecSkills.Migrations.Postgres.Migrations
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "PortfolioShares",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Label = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    LifetimeDays = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PortfolioShareId = table.Column<int>(type: "integer", nullable: false),
                    IssuedCredentialId = table.Column<long>(type: "bigint", nullable: true),
                    EnrollmentId = table.Column<int>(type: "integer", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PortfolioShareId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ViewerOrganization = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
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
