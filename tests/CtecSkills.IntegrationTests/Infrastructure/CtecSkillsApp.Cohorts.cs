using System.Globalization;
using System.Text;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    private int _phonesUsed;

    /// <summary>A cohort of the test course at a demo base, open for enrollment today.</summary>
    public async Task<int> CreateCohortAsync(DemoBase at, int capacity, string name = "测试班")
    {
        var slug = await EnsureCourseAsync();
        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<Core.Data.AppDbContext>();
        var courseId = await db.Courses.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();
        var baseId = await db.TrainingBases.Where(b => b.Name == at.Name).Select(b => b.Id).SingleAsync();
        var today = BeijingTime.Today(TimeProvider.System);
        var id = await sp.GetRequiredService<CohortService>().CreateAsync(new CohortInput
        {
            CourseId = courseId,
            TrainingBaseId = baseId,
            Name = name,
            Capacity = capacity,
            EnrollmentOpensOn = today.AddDays(-1),
            EnrollmentClosesOn = today.AddDays(14),
        }, new BaseActor("test", IsAdmin: true), default);
        return id!.Value;
    }

    /// <summary>A phone number no other test of this fixture uses (1370000xxxx, shifted per fixture instance).</summary>
    public string NewPhone()
    {
        var n = Interlocked.Increment(ref _phonesUsed);
        return string.Create(CultureInfo.InvariantCulture, $"137{Random.Shared.Next(1000, 9999)}{n:D4}");
    }

    /// <summary>Learner accounts straight in the database, for service-level tests that need many of them.</summary>
    public async Task<List<string>> CreateLearnersAsync(int count)
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var phone = NewPhone();
            var created = await accounts.CreateLearnerAsync(new LearnerSignUp(phone, "学员" + phone[^4..], AcceptedPrivacyNotice: true), default);
            Assert.True(created.Succeeded);
            ids.Add((await accounts.FindLearnerByPhoneAsync(phone, default))!.Id);
        }
        return ids;
    }

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> use)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A roster file as staff keep it: the template's Chinese headers, one line per (name, phone, …) row.</summary>
    public static byte[] RosterCsv(Encoding encoding, params string[] rows)
    {
        var text = "姓名,手机号,性别,出生年份,地区代码,城乡,人群\r\n" + string.Concat(rows.Select(r => r + "\r\n"));
        return encoding.GetBytes(text);
    }

    /// <summary>Staff open the cohort page and upload a roster file; returns the page they land on.</summary>
    public static async Task<HtmlPage> ImportRosterAsync(HttpClient staff, int cohortId, byte[] csv)
    {
        var page = await GetPageAsync(staff, $"/cohorts/{cohortId}");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        var form = page.Form($"/cohorts/{cohortId}/roster");
        using var response = await staff.PostAsync(form.Action, form.ToMultipart("file", csv, "名单.csv"));
        return await FollowAsync(staff, response);
    }
}
