using System.Text.RegularExpressions;
using CtecSkills.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

public partial class CtecSkillsSite
{
    /// <summary>A learner signs in with the code texted to their phone (read from the SMS outbox) and lands on /me.</summary>
    public async Task SignInWithSmsCodeAsync(IPage page, string phone)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "用手机号开始" }).TapAsync();
        await page.GetByLabel("手机号").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).TapAsync();
        var code = await ReadSmsCodeAsAdminAsync(phone);
        await page.GetByLabel("验证码", new() { Exact = true }).FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
    }

    /// <summary>
    /// What the job server does once a download is asked for (the test site runs only the message queue): builds
    /// every export waiting to be built; returns how many.
    /// </summary>
    public async Task<int> BuildRequestedExportsAsync()
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var waiting = await db.DataExports.Where(x => x.State == DataExportState.Pending).Select(x => x.Id).ToListAsync();
        var job = scope.ServiceProvider.GetRequiredService<PersonalDataExportJob>();
        foreach (var id in waiting)
        {
            await job.RunAsync(id, default);
            var built = await db.DataExports.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.State, x.Error }).SingleAsync();
            if (built.State != DataExportState.Ready)
            {
                throw new InvalidOperationException($"Export {id} is {built.State}: {built.Error}");
            }
        }
        return waiting.Count;
    }
    /// <summary>A newcomer signs up on the phone page with the code from the outbox and lands on /me; returns the phone.</summary>
    public async Task<string> SignUpAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var number = NewPhoneNumber();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "用手机号开始" }).TapAsync();
        await page.GetByLabel("手机号").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).TapAsync();
        var code = await ReadSmsCodeAsAdminAsync(number);
        await page.GetByLabel("验证码", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("怎么称呼您").FillAsync(name);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "我已阅读并同意" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "注册并登录" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        return number;
    }
}
