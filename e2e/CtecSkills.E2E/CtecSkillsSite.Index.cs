using CtecSkills.Core.Analytics;
using CtecSkills.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CtecSkills.E2E;

public partial class CtecSkillsSite
{
    /// <summary>Seeded synthetic facts in the site's database, so that a release has something to show.</summary>
    public async Task AddSyntheticFactsAsync(int count, int firstMonth, int lastMonth)
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        await SyntheticFacts.GenerateAndInsertAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), count, firstMonth, lastMonth, seed: 3, CancellationToken.None);
    }

    /// <summary>Signs in with email and password in a new phone-sized browser; returns the page on /me.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignedInWithPasswordAsync(string email)
    {
        var context = await NewPhoneAsync();
        var page = await context.NewPageAsync();
        await SignInWithPasswordAsync(page, email);
        return (context, page);
    }

    /// <summary>Types the email and the demo password on the sign-in page and waits for /me.</summary>
    public static async Task SignInWithPasswordAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("邮箱或手机号").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/me");
    }
}
