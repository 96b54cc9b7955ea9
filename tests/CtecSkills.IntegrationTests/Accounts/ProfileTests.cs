using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>The learner corrects their own profile on /me/profile; issued credentials keep what they said.</summary>
public sealed class ProfileTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    [Fact]
    public async Task Correct_FromMe_SavesTheProfileAndAuditsTheChangeWithoutItsValues()
    {
        var (browser, userId) = await app.SignedInLearnerAsync();
        using var _ = browser;
        var me = await CtecSkillsApp.GetPageAsync(browser, "/me");
        Assert.NotNull(me.Document.QuerySelector("a[href='/me/profile']"));
        var page = await CtecSkillsApp.GetPageAsync(browser, "/me/profile");
        Assert.Contains("证书上写的是发证那天的姓名", page.Text);

        var saved = await CtecSkillsApp.SubmitAndFollowAsync(browser, page.Form("/me/profile")
            .Set("DisplayName", "  马兰花  ").Set("Gender", "Female").Set("BirthYear", "1979")
            .Set("LocalityCode", "510100").Set("Area", "Rural").Set("LearnerGroup", "RuralWoman"));

        Assert.Equal("/me/profile", saved.Path);
        Assert.Contains("资料已保存", saved.Text);
        var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId));
        Assert.Equal(("马兰花", Gender.Female, 1979, "510100", Area.Rural, LearnerGroup.RuralWoman),
            (user.DisplayName, user.Gender!.Value, user.BirthYear!.Value, user.LocalityCode, user.Area!.Value, user.LearnerGroup!.Value));
        var audit = Assert.Single(await app.QueryAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Action == AuditActions.CorrectProfile && a.ActorUserId == userId).ToListAsync()));
        Assert.Equal(AuditActions.UserSubject(userId), audit.Subject);
        Assert.Null(audit.Reason);
    }

    [Theory]
    [InlineData("1929")]
    [InlineData("2030")]
    [InlineData("一九八零")]
    public async Task Correct_BirthYearOutOfRangeOrNotANumber_IsRefusedInChineseAndChangesNothing(string year)
    {
        var (browser, userId) = await app.SignedInLearnerAsync();
        using var _ = browser;
        var before = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId));
        var page = await CtecSkillsApp.GetPageAsync(browser, "/me/profile");

        var refused = await CtecSkillsApp.SubmitAndFollowAsync(browser, page.Form("/me/profile").Set("DisplayName", "不该保存").Set("BirthYear", year));

        Assert.Equal(System.Net.HttpStatusCode.OK, refused.Status);
        Assert.Contains("出生年份", refused.Document.QuerySelector(".field-error:not(:empty)")?.TextContent ?? "", StringComparison.Ordinal);
        var after = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId));
        Assert.Equal((before.DisplayName, before.BirthYear), (after.DisplayName, after.BirthYear));
    }

    [Fact]
    public async Task Correct_NameAfterACredentialWasIssued_VerificationStillShowsTheNameItWasIssuedTo()
    {
        var (browser, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        using var _ = browser;
        var issuedTo = await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync());
        await app.QueryAsync(db => db.IssuedCredentials.Where(c => c.Id == credential.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.HolderNamePublic, true)));
        var page = await CtecSkillsApp.GetPageAsync(browser, "/me/profile");

        await CtecSkillsApp.SubmitAndFollowAsync(browser, page.Form("/me/profile").Set("DisplayName", "欧阳新名"));

        var verify = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{credential.VerificationCode}");
        Assert.Contains(issuedTo, verify.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("欧阳新名", verify.Text, StringComparison.Ordinal);
        Assert.Equal("欧阳新名", await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task Correct_ForgedWithAnotherAccountsId_ChangesOnlyTheSender()
    {
        var (victim, victimId) = await app.SignedInLearnerAsync();
        victim.Dispose();
        var victimName = await app.QueryAsync(db => db.Users.Where(u => u.Id == victimId).Select(u => u.DisplayName).SingleAsync());
        var (attacker, attackerId) = await app.SignedInLearnerAsync();
        using var _ = attacker;
        var page = await CtecSkillsApp.GetPageAsync(attacker, "/me/profile");

        await CtecSkillsApp.SubmitAsync(attacker, page.Form("/me/profile").Set("DisplayName", "被改了").Add("UserId", victimId).Add("Id", victimId));

        Assert.Equal(victimName, await app.QueryAsync(db => db.Users.Where(u => u.Id == victimId).Select(u => u.DisplayName).SingleAsync()));
        Assert.Equal("被改了", await app.QueryAsync(db => db.Users.Where(u => u.Id == attackerId).Select(u => u.DisplayName).SingleAsync()));
    }
}
