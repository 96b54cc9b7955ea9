using System.Net;
using System.Text.RegularExpressions;
using CtecSkills.Core.Data;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app over a real database of its own, with the demo data, no Hangfire worker and generous rate
/// limits. One per test class; intent methods drive the real pages the way a browser would.
/// </summary>
public partial class CtecSkillsApp : CtecSkillsHost, IAsyncLifetime
{
    public const string DemoPassword = DemoSeeder.Password;
    public const string AdminEmail = DemoSeeder.AdminEmail;

    private readonly TestDatabase _database;
    private int _learnersUsed;

    public CtecSkillsApp()
        : this(TestDatabase.FromEnvironment(), NewPseudonymKey())
    {
    }

    private CtecSkillsApp(TestDatabase database, string pseudonymKey)
        : base(ForTests(database.Provider, database.ConnectionString, pseudonymKey))
    {
        _database = database;
        PseudonymKey = pseudonymKey;
    }

    public string DatabaseProvider => _database.Provider;

    /// <summary>The secret behind the learners' pseudonyms in this host's facts (tests recompute a pseudonym with it).</summary>
    public string PseudonymKey { get; }

    /// <summary>Settings a derived fixture adds or overrides (e.g. lower rate limits, the Http SMS sender).</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Work that must happen before the app starts, such as starting a fake outside service.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        // After BeforeStartAsync: a fake outside service knows its address only once it runs.
        AddSettings(Settings);
        await _database.CreateAsync();
        // Starts the host now: migrations and demo seeding run once per class, not inside the first test. StartServer, not
        // Server: a fixture served by Kestrel (a request size limit is enforced only there) has no TestServer.
        StartServer();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
        await AfterStopAsync();
    }

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    // ---- browsing -------------------------------------------------------------------------------------------

    /// <summary>A browser: keeps cookies, does not follow redirects on its own so tests can see them.</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HtmlPage> GetPageAsync(HttpClient client, string url) =>
        await FollowAsync(client, await client.GetAsync(url));

    /// <summary>Posts a form as the browser would, without following the answer.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, HtmlForm form) =>
        client.PostAsync(form.Action, form.ToContent());

    public static async Task<HtmlPage> SubmitAndFollowAsync(HttpClient client, HtmlForm form) =>
        await FollowAsync(client, await SubmitAsync(client, form));

    /// <summary>Follows redirects with GET, like a browser after a POST, and returns the page it lands on.</summary>
    public static async Task<HtmlPage> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        for (var hops = 0; IsRedirect(response.StatusCode); hops++)
        {
            Assert.True(hops < 10, "Too many redirects.");
            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            response.Dispose();
            response = await client.GetAsync(next);
        }
        using (response)
        {
            return await HtmlPage.LoadAsync(response);
        }
    }

    public static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    // ---- signing in -------------------------------------------------------------------------------------------

    /// <summary>Types a phone number on the sign-in page and asks for a code; returns the page shown next.</summary>
    public static async Task<HtmlPage> RequestSmsCodeAsync(HttpClient client, string phone)
    {
        var page = await GetPageAsync(client, "/account/phone");
        return await SubmitAndFollowAsync(client, page.Form("/account/phone").Set("Phone", phone));
    }

    /// <summary>A new learner: phone, the code from the SMS, name and privacy tick; returns the page they land on.</summary>
    public async Task<HtmlPage> SignUpWithPhoneAsync(HttpClient client, string phone, string name)
    {
        var codePage = await RequestSmsCodeAsync(client, phone);
        Assert.Equal("/account/code", codePage.Path);
        var form = codePage.Form("/account/code")
            .Set("Code", await ReadLatestSmsCodeAsync(phone))
            .Set("DisplayName", name)
            .Check("AcceptPrivacy");
        return await SubmitAndFollowAsync(client, form);
    }

    /// <summary>A returning learner signs in with a code; returns the page they land on.</summary>
    public async Task<HtmlPage> SignInWithCodeAsync(HttpClient client, string phone)
    {
        var codePage = await RequestSmsCodeAsync(client, phone);
        Assert.Equal("/account/code", codePage.Path);
        var form = codePage.Form("/account/code").Set("Code", await ReadLatestSmsCodeAsync(phone));
        return await SubmitAndFollowAsync(client, form);
    }

    public static async Task<HtmlPage> SignInWithPasswordAsync(HttpClient client, string login, string password)
    {
        var page = await GetPageAsync(client, "/account/signin");
        var form = page.Form("/account/signin").Set("Login", login).Set("Password", password);
        return await SubmitAndFollowAsync(client, form);
    }

    public async Task<HttpClient> SignedInAsAdminAsync() => await SignedInWithPasswordAsync(AdminEmail);

    public async Task<HttpClient> SignedInAsStaffAsync(string email) => await SignedInWithPasswordAsync(email);

    /// <summary>A demo learner signed in by SMS; each call uses a learner no earlier call used (codes are throttled per phone).</summary>
    public async Task<HttpClient> SignedInAsLearnerAsync()
    {
        var index = Interlocked.Increment(ref _learnersUsed) - 1;
        Assert.True(index < DemoSeeder.LearnerNames.Count, "This fixture ran out of demo learners.");
        var client = CreateBrowserClient();
        var landed = await SignInWithCodeAsync(client, DemoSeeder.LearnerPhone(index));
        Assert.Equal("/me", landed.Path);
        return client;
    }

    private async Task<HttpClient> SignedInWithPasswordAsync(string email)
    {
        var client = CreateBrowserClient();
        var landed = await SignInWithPasswordAsync(client, email, DemoPassword);
        Assert.True(landed.Path == "/me", $"{email} could not sign in: {landed.Text}");
        return client;
    }

    // ---- reading the database ----------------------------------------------------------------------------------

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        // Verification log rows are stored behind the request; a test reads them as a user would, after they land.
        await Services.GetRequiredService<VerificationLogWriter>().FlushAsync(CancellationToken.None);
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The 6-digit code in the newest message the outbox sender kept for the phone, once the message job ran.</summary>
    public async Task<string> ReadLatestSmsCodeAsync(string phone)
    {
        await DeliverMessagesAsync();
        var text = await QueryAsync(db => db.SmsOutbox.AsNoTracking()
            .Where(m => m.Phone == phone)
            .OrderByDescending(m => m.Id)
            .Select(m => m.Text)
            .FirstOrDefaultAsync());
        Assert.True(text is not null, $"No SMS was stored for {phone}.");
        var match = SixDigits().Match(text);
        Assert.True(match.Success, $"The SMS to {phone} has no 6-digit code: {text}");
        return match.Value;
    }

    public Task<int> GetStaffBaseIdAsync(string email) =>
        QueryAsync(db => db.BaseMemberships.AsNoTracking()
            .Where(m => m.User!.Email == email)
            .Select(m => m.TrainingBaseId)
            .SingleAsync());

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
