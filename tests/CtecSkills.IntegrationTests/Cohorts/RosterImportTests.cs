using System.Net;
using System.Text;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Text;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Cohorts;

/// <summary>Staff bring their Excel roster into a cohort: all rows or none, each learner once, one invitation each.</summary>
public sealed class RosterImportTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private static readonly DemoBase Mianyang = DemoSeeder.Bases[1];

    [Fact]
    public async Task ImportRoster_Gb18030FileWithOneBadPhone_ImportsNothingAndNamesTheRow()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 30);
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        string good = app.NewPhone(), alsoGood = app.NewPhone();
        var csv = CtecSkillsApp.RosterCsv(CsvTextDecoder.Gb18030,
            $"王秀兰,{good},女,1982,510100,乡村,农村妇女",
            "李大山,1380013800,男,1979,510100,乡村,农民工",
            $"赵春燕,{alsoGood},女,1990,510100,城镇,返乡创业青年");

        var page = await CtecSkillsApp.ImportRosterAsync(staff, cohort, csv);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("第 3 行", page.Text);
        Assert.Contains("1380013800", page.Text);
        Assert.DoesNotContain("第 2 行", page.Text);
        Assert.Equal(0, await app.QueryAsync(db => db.Users.CountAsync(u => u.PhoneNumber == good || u.PhoneNumber == alsoGood)));
        Assert.Equal(0, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort)));
    }

    [Fact]
    public async Task ImportRoster_SameGoodFileTwice_CreatesEachLearnerOnceAndInvitesEachOnce()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 2);
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        string a = app.NewPhone(), b = app.NewPhone(), c = app.NewPhone();
        var registered = DemoSeeder.LearnerPhone(29);
        var csv = CtecSkillsApp.RosterCsv(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            $"王秀兰,{a},女,1982,510100,乡村,农村妇女",
            $"李大山,{b},男,1979,510100,乡村,农民工",
            $"赵春燕,{c},女,1990,510100,城镇,返乡创业青年",
            $"彭海波,{registered},男,1988,510100,乡村,农民工");
        byte[] withBom = [.. Encoding.UTF8.GetPreamble(), .. csv];

        var first = await CtecSkillsApp.ImportRosterAsync(staff, cohort, withBom);
        var second = await CtecSkillsApp.ImportRosterAsync(staff, cohort, withBom);

        Assert.Contains("新邀请 3 名学员，1 名已注册，2 名进入候补", first.Text);
        Assert.Contains("新邀请 0 名学员，4 名已注册，0 名进入候补", second.Text);
        Assert.Equal(3, await app.QueryAsync(db => db.Users.CountAsync(u => u.PhoneNumber == a || u.PhoneNumber == b || u.PhoneNumber == c)));
        await app.DeliverMessagesAsync();
        foreach (var phone in new[] { a, b, c })
        {
            var messages = await app.QueryAsync(db => db.SmsOutbox.Where(m => m.Phone == phone).Select(m => m.Text).ToListAsync());
            Assert.Contains(Chengdu.Name, Assert.Single(messages));
        }
        Assert.Equal(0, await app.QueryAsync(db => db.SmsOutbox.CountAsync(m => m.Phone == registered && m.Text.Contains(Chengdu.Name))));
        Assert.Equal(4, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort)));
        Assert.Equal(2, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort && e.Status == EnrollmentStatus.Enrolled)));
        var profile = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == a));
        Assert.Equal((Gender.Female, 1982, "510100", LearnerGroup.RuralWoman), (profile.Gender!.Value, profile.BirthYear!.Value, profile.LocalityCode, profile.LearnerGroup!.Value));
        Assert.Null(profile.PrivacyAcceptedAt);
        Assert.Equal(cohort, profile.CreatedByRosterOfCohortId);

        var roster = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohort}");
        Assert.Contains(PhoneNumber.Mask(a), roster.Text);
        Assert.DoesNotContain(a, roster.Text);
    }

    [Fact]
    public async Task InvitedLearner_FirstSignInWithPhone_MustAcceptTheNoticeOnTheConsentPageBeforeSeeingTheCohort()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 5, name: "邀请测试班");
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var phone = app.NewPhone();
        await CtecSkillsApp.ImportRosterAsync(staff, cohort, CtecSkillsApp.RosterCsv(Encoding.UTF8, $"何玉兰,{phone},女,1975,510100,乡村,农村妇女"));
        using var learner = app.CreateBrowserClient();

        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(learner, phone);
        Assert.False(codePage.HasField("AcceptPrivacy"), "Consent is asked for on its own page, never ticked on the way in.");
        var landed = await CtecSkillsApp.SubmitAndFollowAsync(learner, codePage.Form("/account/code").Set("Code", await app.ReadLatestSmsCodeAsync(phone)));

        Assert.Equal("/me/consent", landed.Path);
        Assert.Contains("在您同意之前，您的信息只用来办好您所在的培训班", landed.Text);
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.PrivacyAcceptedAt).SingleAsync()));

        var me = await CtecSkillsApp.SubmitAndFollowAsync(learner, landed.Form("/me/consent/accept"));

        Assert.Equal("/me", me.Path);
        Assert.Contains("何玉兰", me.Text);
        Assert.Contains(Chengdu.Name, me.Text);
        Assert.NotNull(await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.PrivacyAcceptedAt).SingleAsync()));
    }

    [Fact]
    public async Task CohortPages_OtherBasesCohortAsStaff_Return404AndImportNothing()
    {
        var cohort = await app.CreateCohortAsync(Mianyang, capacity: 5, name: "绵阳一班");
        using var chengduStaff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var own = await app.CreateCohortAsync(Chengdu, capacity: 5);
        var ownForm = (await CtecSkillsApp.GetPageAsync(chengduStaff, $"/cohorts/{own}")).Form($"/cohorts/{own}/roster");
        var phone = app.NewPhone();

        using var details = await chengduStaff.GetAsync($"/cohorts/{cohort}");
        using var upload = await chengduStaff.PostAsync($"/cohorts/{cohort}/roster",
            ownForm.RetargetTo($"/cohorts/{cohort}/roster").ToMultipart("file", CtecSkillsApp.RosterCsv(Encoding.UTF8, $"王秀兰,{phone},女,1982,510100,乡村,农村妇女"), "r.csv"));
        var list = await CtecSkillsApp.GetPageAsync(chengduStaff, "/cohorts");

        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.DoesNotContain("绵阳一班", list.Text);
        Assert.Equal(0, await app.QueryAsync(db => db.Users.CountAsync(u => u.PhoneNumber == phone)));
    }

    [Fact]
    public async Task ImportRoster_FileOver5Mb_StatesTheLimitAndImportsNothing()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 5, name: "大文件测试班");
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohort}")).Form($"/cohorts/{cohort}/roster");
        var phone = app.NewPhone();
        byte[] huge = [.. CtecSkillsApp.RosterCsv(Encoding.UTF8, $"王秀兰,{phone},女,1982,510100,乡村,农村妇女"), .. new byte[6 * 1024 * 1024].Select(_ => (byte)' ')];

        using var response = await staff.PostAsync(form.Action, form.ToMultipart("file", huge, "big.csv"));
        var page = await HtmlPage.LoadAsync(response);

        Assert.Contains("超过了 5 MB 的上限", page.Text);
        Assert.Equal(0, await app.QueryAsync(db => db.Users.CountAsync(u => u.PhoneNumber == phone)));
    }

    [Fact]
    public async Task Template_Download_HasChineseHeadersInUtf8WithBom()
    {
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);

        var bytes = await staff.GetByteArrayAsync("/cohorts/roster-template.csv");

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("姓名,手机号,性别,出生年份,地区代码,城乡,人群", Encoding.UTF8.GetString(bytes[3..]).TrimEnd());
    }

    [Fact]
    public async Task ImportAsync_RosterOfSeveralBatchesTwice_PlacesEveryoneOnceAndInvitesEachOnce()
    {
        var cohort = await app.CreateCohortAsync(Mianyang, capacity: 1_050, name: "大名单测试班");
        var phones = Enumerable.Range(0, 1_100).Select(_ => app.NewPhone()).ToList();
        var csv = CtecSkillsApp.RosterCsv(CsvTextDecoder.Gb18030, [.. phones.Select(p => $"王秀兰,{p},女,1982,510100,乡村,农村妇女")]);

        var first = await ImportAsAdminAsync(cohort, csv);
        var second = await ImportAsAdminAsync(cohort, csv);

        Assert.Empty(first.Errors);
        Assert.Equal((1_100, 0, 50, 0), (first.NewLearners, first.ExistingLearners, first.Waitlisted, first.AlreadyInCohort));
        Assert.Equal((0, 1_100, 0, 1_100), (second.NewLearners, second.ExistingLearners, second.Waitlisted, second.AlreadyInCohort));
        Assert.Equal(1_050, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort && e.Status == EnrollmentStatus.Enrolled)));
        await app.DeliverMessagesAsync();
        Assert.Equal(1_100, await app.QueryAsync(db => db.SmsOutbox.Where(m => phones.Contains(m.Phone)).Select(m => m.Phone).Distinct().CountAsync()));
        Assert.Equal(1_100, await app.QueryAsync(db => db.SmsOutbox.CountAsync(m => phones.Contains(m.Phone))));
    }

    [Fact]
    public async Task ImportAsync_DatabaseRefusesARowInTheLastBatch_ImportsNothingFromEarlierBatches()
    {
        var cohort = await app.CreateCohortAsync(Mianyang, capacity: 2_000, name: "回滚测试班");
        var phones = Enumerable.Range(0, 1_100).Select(_ => app.NewPhone()).ToList();
        // A learner who changed their number keeps the old one as user name: a new account cannot take it.
        await app.QueryAsync(db =>
        {
            db.Users.Add(new AppUser { UserName = phones[^1], NormalizedUserName = phones[^1], PhoneNumber = app.NewPhone(), DisplayName = "换号学员" });
            return db.SaveChangesAsync();
        });
        var csv = CtecSkillsApp.RosterCsv(CsvTextDecoder.Gb18030, [.. phones.Select(p => $"李大山,{p},男,1979,510100,乡村,农民工")]);

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => ImportAsAdminAsync(cohort, csv));

        Assert.Equal(0, await app.QueryAsync(db => db.Users.CountAsync(u => phones.Contains(u.PhoneNumber!))));
        Assert.Equal(0, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort)));
        Assert.Equal(0, await app.QueryAsync(db => db.OutboundMessages.CountAsync(m => phones.Contains(m.Phone))));
    }

    private Task<RosterImportResult> ImportAsAdminAsync(int cohort, byte[] csv) =>
        app.WithServiceAsync<RosterImportService, RosterImportResult>(async s =>
        {
            using var stream = new MemoryStream(csv);
            return (await s.ImportAsync(cohort, new BaseActor("test", IsAdmin: true), stream, default))!;
        });
}
