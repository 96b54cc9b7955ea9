using System.Globalization;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Seeding;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>A signed-in demo learner who completed the test course at the base and holds its credential.</summary>
    public async Task<(HttpClient Client, string UserId, IssuedCredential Credential)> LearnerWithCredentialAsync(DemoBase at)
    {
        var (client, userId) = await SignedInLearnerAsync();
        return (client, userId, await CredentialForAsync(userId, at));
    }

    /// <summary>The learner completes the test course in a new cohort at the base and the issuing job issues the credential.</summary>
    public async Task<IssuedCredential> CredentialForAsync(string userId, DemoBase at)
    {
        var cohortId = await CreateCohortAsync(at, capacity: 5);
        await EnsureAchievementAsync();
        var enrollments = await CompleteEnrollmentsAsync(cohortId, [userId]);
        await RunIssuingJobAsync();
        return Assert.Single(await CredentialsForAsync(enrollments));
    }

    /// <summary>
    /// The learner ticks credentials and courses on /me/shares, picks a lifetime and presses 生成链接 (ids are sent as
    /// given, as a hand-made request could); returns the page they land on.
    /// </summary>
    public static async Task<HtmlPage> CreateShareAsync(HttpClient learner, IEnumerable<long> credentialIds, IEnumerable<int> enrollmentIds,
        string lifetime = "30", string? label = null)
    {
        var page = await GetPageAsync(learner, "/me/shares");
        var form = page.Form("/me/shares").Set("lifetime", lifetime);
        foreach (var id in credentialIds)
        {
            form.Add("credentials", id.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var id in enrollmentIds)
        {
            form.Add("courses", id.ToString(CultureInfo.InvariantCulture));
        }
        if (label is not null)
        {
            form.Set("label", label);
        }
        return await SubmitAndFollowAsync(learner, form);
    }

    /// <summary>The link the learner would copy from the newest share on their page, as a path (<c>/p/…</c>).</summary>
    public static string NewestShareLink(HtmlPage sharesPage)
    {
        var input = sharesPage.Document.QuerySelector("input.share-url");
        Assert.True(input is not null, $"No share link on {sharesPage.Path}: {sharesPage.Text}");
        return new Uri(input.GetAttribute("value")!).AbsolutePath;
    }

    /// <summary>Creates a link and returns the path to copy and the share's id (read from the list's anchor).</summary>
    public static async Task<(string Link, int ShareId)> SharedLinkAsync(HttpClient learner, IEnumerable<long> credentialIds, IEnumerable<int> enrollmentIds,
        string lifetime = "30")
    {
        var page = await CreateShareAsync(learner, credentialIds, enrollmentIds, lifetime);
        Assert.Equal("/me/shares", page.Path);
        var section = page.Document.QuerySelector("section[id^='share-']")!;
        return (NewestShareLink(page), int.Parse(section.Id!["share-".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>Opens a link the way a person it was sent to would: a new browser, not signed in unless one is given.</summary>
    public async Task<(HtmlPage Page, System.Net.Http.Headers.HttpResponseHeaders Headers)> OpenShareAsync(string link, HttpClient? browser = null)
    {
        using var fresh = browser is null ? CreateBrowserClient() : null;
        using var response = await (browser ?? fresh!).GetAsync(link);
        return (await HtmlPage.LoadAsync(response), response.Headers);
    }
}
