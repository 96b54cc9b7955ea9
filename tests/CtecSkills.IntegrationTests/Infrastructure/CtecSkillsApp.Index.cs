using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>
    /// Demo learners (by index) living in a locality, each with the facts a completed course leaves behind —
    /// an enrollment, a completion and, when <paramref name="credentialed"/>, a credential — in one Beijing month,
    /// made by the same factory the completion flow uses. Returns the learners' pseudonyms.
    /// </summary>
    public async Task<IReadOnlyList<string>> CompleteCourseForDemoLearnersAsync(
        IEnumerable<int> learners, string localityCode, Area area, LearnerGroup group, DateTimeOffset at, bool credentialed)
    {
        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<Core.Data.AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var facts = sp.GetRequiredService<LearningFacts>();
        var pseudonyms = new List<string>();
        foreach (var index in learners)
        {
            var learner = await users.Users.SingleAsync(u => u.PhoneNumber == DemoSeeder.LearnerPhone(index));
            learner.LocalityCode = localityCode;
            learner.Area = area;
            learner.LearnerGroup = group;
            learner.Gender = index % 2 == 0 ? Gender.Female : Gender.Male;
            learner.BirthYear = 1990;
            db.LearningFacts.Add(facts.Create(FactKind.Enrollment, learner, CourseCategory.SafePayment, CourseLevel.Beginner, at.AddDays(-7)));
            var completion = facts.Create(FactKind.Completion, learner, CourseCategory.SafePayment, CourseLevel.Beginner, at);
            db.LearningFacts.Add(completion);
            if (credentialed)
            {
                db.LearningFacts.Add(facts.Create(FactKind.Credential, learner, CourseCategory.SafePayment, CourseLevel.Beginner, at));
            }
            pseudonyms.Add(completion.Pseudonym);
        }
        await db.SaveChangesAsync();
        return pseudonyms;
    }

    /// <summary>
    /// An admin publishes a draft the way they would: from the admin menu to 指数发布, then the 发布 button on its row.
    /// Returns the page the admin lands on.
    /// </summary>
    public async Task<HtmlPage> PublishReleaseAsAdminAsync(int releaseId, HttpClient? admin = null)
    {
        using var own = admin is null ? await SignedInAsAdminAsync() : null;
        var browser = admin ?? own!;
        var menu = await GetPageAsync(browser, "/admin");
        var link = menu.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "指数发布");
        var list = await GetPageAsync(browser, link.GetAttribute("href")!);
        return await SubmitAndFollowAsync(browser, list.Form($"/admin/index-releases/{releaseId}/publish"));
    }
}
