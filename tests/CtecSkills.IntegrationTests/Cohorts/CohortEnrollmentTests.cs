using System.Net;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Cohorts;

/// <summary>Learners find a cohort on the course page, enroll, and see it under "My learning"; staff create one.</summary>
public sealed class CohortEnrollmentTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task Enroll_FromTheCoursePage_ShowsTheCohortOnMyLearning()
    {
        var demo = DemoSeeder.Bases[3];
        var cohort = await app.CreateCohortAsync(demo, capacity: 10, name: "广安春季班");
        using var learner = await app.SignedInAsLearnerAsync();

        var coursePage = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{CtecSkillsApp.TestCourseSlug}");
        Assert.Contains(demo.Name, coursePage.Text);
        Assert.Contains("还剩 10 个名额", coursePage.Text);
        var me = await CtecSkillsApp.SubmitAndFollowAsync(learner, coursePage.Form($"/cohorts/{cohort}/enroll"));

        Assert.Equal("/me", me.Path);
        Assert.Contains("报名成功", me.Text);
        Assert.Contains(demo.Name, me.Text);
        Assert.Contains("已报名", me.Text);
    }

    [Fact]
    public async Task Enroll_InASecondClassOfTheSameCourse_IsNotOfferedAndAForgedPostIsRefused()
    {
        var first = await app.CreateCohortAsync(DemoSeeder.Bases[0], capacity: 10, name: "成都一班");
        var second = await app.CreateCohortAsync(DemoSeeder.Bases[4], capacity: 10, name: "重庆一班");
        using var learner = await app.SignedInAsLearnerAsync();
        var coursePage = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{CtecSkillsApp.TestCourseSlug}");
        var secondForm = coursePage.Form($"/cohorts/{second}/enroll");
        await CtecSkillsApp.SubmitAndFollowAsync(learner, coursePage.Form($"/cohorts/{first}/enroll"));

        var after = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{CtecSkillsApp.TestCourseSlug}");
        Assert.Null(after.Document.QuerySelector("form[action$='/enroll']"));
        Assert.Contains("已报名", after.Text);
        var me = await CtecSkillsApp.SubmitAndFollowAsync(learner, secondForm);

        Assert.Contains("您已经报名了这门课的另一个班", me.Text);
        Assert.DoesNotContain(DemoSeeder.Bases[4].Name, me.Text);
        Assert.Contains(DemoSeeder.Bases[0].Name, me.Text);
    }

    [Fact]
    public async Task Withdraw_FromMyLearning_FreesThePlaceForTheWaitingLearner()
    {
        var demo = DemoSeeder.Bases[6];
        var cohort = await app.CreateCohortAsync(demo, capacity: 1, name: "潼南单人班");
        using var first = await app.SignedInAsLearnerAsync();
        using var second = await app.SignedInAsLearnerAsync();
        await CtecSkillsApp.SubmitAndFollowAsync(first, (await CtecSkillsApp.GetPageAsync(first, $"/courses/{CtecSkillsApp.TestCourseSlug}")).Form($"/cohorts/{cohort}/enroll"));
        var waiting = await CtecSkillsApp.SubmitAndFollowAsync(second, (await CtecSkillsApp.GetPageAsync(second, $"/courses/{CtecSkillsApp.TestCourseSlug}")).Form($"/cohorts/{cohort}/enroll"));
        Assert.Contains("您已进入候补", waiting.Text);

        var left = await CtecSkillsApp.SubmitAndFollowAsync(first, (await CtecSkillsApp.GetPageAsync(first, "/me")).Form($"/cohorts/{cohort}/withdraw"));
        var secondMe = await CtecSkillsApp.GetPageAsync(second, "/me");

        Assert.Contains("您已不再参加这个班", left.Text);
        Assert.DoesNotContain(demo.Name, left.Text);
        Assert.Contains(demo.Name, secondMe.Text);
        Assert.Contains("已报名", secondMe.Text);
    }

    [Fact]
    public async Task EnrollLearner_ByPhoneAsStaff_AddsThemAndOtherBasesStaffGet404()
    {
        var demo = DemoSeeder.Bases[2];
        var cohort = await app.CreateCohortAsync(demo, capacity: 5, name: "南充手工报名班");
        var phone = DemoSeeder.LearnerPhone(27);
        using var staff = await app.SignedInAsStaffAsync(demo.StaffEmail);
        using var otherStaff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[0].StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohort}")).Form($"/cohorts/{cohort}/enrollments");
        var ownForm = (await CtecSkillsApp.GetPageAsync(otherStaff, "/cohorts/new")).Form("/cohorts/new");

        using var forged = await CtecSkillsApp.SubmitAsync(otherStaff, ownForm.RetargetTo($"/cohorts/{cohort}/enrollments").Set("phone", phone));
        var unknown = await CtecSkillsApp.SubmitAndFollowAsync(staff, form.Set("phone", "13711112222"));
        var added = await CtecSkillsApp.SubmitAndFollowAsync(staff, form.Set("phone", phone));

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Contains("没有找到用这个手机号注册的学员", unknown.Text);
        Assert.Contains("已为学员报名", added.Text);
        Assert.Contains(CtecSkills.Core.Accounts.PhoneNumber.Mask(phone), added.Text);
    }

    [Fact]
    public async Task CoursePage_SignedOut_OffersSignInInsteadOfEnroll()
    {
        var cohort = await app.CreateCohortAsync(DemoSeeder.Bases[4], capacity: 10);
        using var visitor = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(visitor, $"/courses/{CtecSkillsApp.TestCourseSlug}");
        using var post = await visitor.PostAsync($"/cohorts/{cohort}/enroll", new FormUrlEncodedContent([]));

        Assert.Contains("登录后报名", page.Text);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task Create_CohortAndSessionAsStaff_ShowsThemOnTheCohortPage()
    {
        var demo = DemoSeeder.Bases[5];
        await app.EnsureCourseAsync();
        using var staff = await app.SignedInAsStaffAsync(demo.StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, "/cohorts/new")).Form("/cohorts/new")
            .Set("Name", "万州夏季班")
            .Set("Capacity", "20")
            .Set("EnrollmentOpensOn", "2026-06-01")
            .Set("EnrollmentClosesOn", "2026-06-30");

        var details = await CtecSkillsApp.SubmitAndFollowAsync(staff, form);
        Assert.Contains("培训班已创建", details.Text);
        var sessionForm = details.Form(details.Path + "/sessions")
            .Set("Date", "2026-07-04").Set("Starts", "09:00").Set("Ends", "12:00").Set("Place", "万州区高笋塘路18号 3 楼").Set("Hours", "3");
        var after = await CtecSkillsApp.SubmitAndFollowAsync(staff, sessionForm);

        Assert.Contains("2026-07-04 09:00", after.Text);
        Assert.Contains("万州区高笋塘路18号 3 楼", after.Text);
        var list = await CtecSkillsApp.GetPageAsync(staff, "/cohorts");
        Assert.Contains("万州夏季班", list.Text);
    }
}
