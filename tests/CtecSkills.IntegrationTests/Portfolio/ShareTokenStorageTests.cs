using System.Net;
using CtecSkills.Core.Data;
using CtecSkills.Core.Portfolio;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CtecSkills.IntegrationTests.Portfolio;

/// <summary>
/// Share links are stored as hashes (docs/decisions/0023): whoever reads a copy of the database cannot open a learner's
/// page, the learner sees the link once, and links made before the upgrade keep working.
/// </summary>
public sealed class ShareTokenStorageTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    [Fact]
    public async Task CreateShare_LinkShownOnceWithItsWarningAndLaterOnlyTheListWithoutIt()
    {
        var (learner, _, credential) = await app.LearnerWithCredentialAsync(Chengdu);

        var created = await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], [], label: "给人社局");
        var link = CtecSkillsApp.NewestShareLink(created);
        var again = await CtecSkillsApp.GetPageAsync(learner, "/me/shares");

        Assert.Contains("这个链接只显示这一次，请现在复制或分享；丢了可以再建一个", created.Text, StringComparison.Ordinal);
        Assert.NotNull(created.Document.QuerySelector("button[data-copy='share-url-new']"));
        var token = link["/p/".Length..];
        Assert.DoesNotContain(token, again.Html, StringComparison.Ordinal);
        Assert.Null(again.Document.QuerySelector("input.share-url"));
        Assert.DoesNotContain("只显示这一次", again.Text, StringComparison.Ordinal);
        // The list still tells the learner what each link is, until when, how often it was opened, and lets them revoke it.
        var listed = again.Document.QuerySelector("section[id^='share-']")!;
        Assert.Contains("给人社局", listed.TextContent, StringComparison.Ordinal);
        Assert.Contains("有效", listed.TextContent, StringComparison.Ordinal);
        Assert.Contains("被查看 0 次", listed.TextContent, StringComparison.Ordinal);
        Assert.NotNull(listed.QuerySelector("form[action$='/revoke']"));
        Assert.Equal(HttpStatusCode.OK, (await app.OpenShareAsync(link)).Page.Status);
    }

    [Fact]
    public async Task CopiedDatabase_HoldsNoValueThatOpensASharePage()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var link = CtecSkillsApp.NewestShareLink(await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], []));
        var token = link["/p/".Length..];

        // What someone with a copy of the table would try: every text the learner's shares hold, as a link.
        var stored = await app.QueryAsync(db => db.PortfolioShares.AsNoTracking().Where(s => s.UserId == userId)
            .Select(s => new[] { s.TokenHash, s.Label, s.UserId }).ToListAsync());

        var values = stored.SelectMany(v => v).OfType<string>().ToList();
        Assert.DoesNotContain(values, v => v.Contains(token, StringComparison.Ordinal));
        Assert.Equal(PortfolioShareService.HashToken(token), Assert.Single(stored)[0]);
        foreach (var value in values)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.OpenShareAsync("/p/" + Uri.EscapeDataString(value))).Page.Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.OpenShareAsync("/p/" + Uri.EscapeDataString(value[..Math.Min(22, value.Length)]))).Page.Status);
        }
        Assert.Equal(HttpStatusCode.OK, (await app.OpenShareAsync(link)).Page.Status);
    }

    [Fact]
    public async Task Migrate_LinkStoredInPlainBeforeTheUpgrade_IsStoredHashedAfterItAndStillOpensAndTheCredentialGetsItsHolderName()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], []);
        var shareId = await app.QueryAsync(db => db.PortfolioShares.Where(s => s.UserId == userId).Select(s => s.Id).SingleAsync());
        var oldToken = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(PortfolioShareService.TokenBytes));

        // Back to the schema before this change, a token stored in plain as that version did, then the upgrade.
        await app.QueryAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_PersonalData", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "PortfolioShares" SET "Token" = {0} WHERE "Id" = {1}""", oldToken, shareId);
            await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
            return 0;
        });

        Assert.Equal(PortfolioShareService.HashToken(oldToken),
            await app.QueryAsync(db => db.PortfolioShares.Where(s => s.Id == shareId).Select(s => s.TokenHash).SingleAsync()));
        Assert.Empty(await app.QueryAsync(db => db.Database.GetPendingMigrationsAsync()));
        var (opened, _) = await app.OpenShareAsync("/p/" + oldToken);
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Contains("扫码支付安全", opened.Text, StringComparison.Ordinal);
        // The same upgrade gave the credential issued before it the name of its holder, as the account had it.
        var holder = await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync());
        Assert.Equal(holder, await app.QueryAsync(db => db.IssuedCredentials.Where(c => c.Id == credential.Id).Select(c => c.HolderName).SingleAsync()));
    }
}
