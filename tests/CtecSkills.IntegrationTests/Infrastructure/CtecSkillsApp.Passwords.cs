using System.Text.RegularExpressions;
using CtecSkills.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>Opens 我的 → 修改密码 and submits the form; returns the page shown next.</summary>
    public static async Task<HtmlPage> ChangePasswordAsync(HttpClient client, string current, string newPassword, string? confirm = null)
    {
        var page = await GetPageAsync(client, "/account/password");
        return await SubmitAndFollowAsync(client, page.Form("/account/password")
            .Set("CurrentPassword", current)
            .Set("Password", newPassword)
            .Set("ConfirmPassword", confirm ?? newPassword));
    }

    /// <summary>A learner without a password asks for a code on the password page and sets one with it.</summary>
    public async Task<HtmlPage> SetFirstPasswordAsync(HttpClient client, string phone, string newPassword)
    {
        var page = await GetPageAsync(client, "/account/password");
        var asked = await SubmitAndFollowAsync(client, page.Form("/account/password/code"));
        return await SubmitAndFollowAsync(client, asked.Form("/account/password")
            .Set("Code", await ReadLatestSmsCodeAsync(phone))
            .Set("Password", newPassword)
            .Set("ConfirmPassword", newPassword));
    }

    /// <summary>Sign-in page → 忘记密码 → types the email or phone; returns the page shown next.</summary>
    public static async Task<HtmlPage> ForgotPasswordAsync(HttpClient client, string login)
    {
        var signIn = await GetPageAsync(client, "/account/signin");
        var forgotLink = signIn.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "忘记密码").GetAttribute("href")!;
        var forgot = await GetPageAsync(client, forgotLink);
        return await SubmitAndFollowAsync(client, forgot.Form("/account/forgot").Set("Login", login));
    }

    /// <summary>Every email the outbox sender kept for the address, newest first.</summary>
    public Task<List<Core.Mail.MailOutboxMessage>> ReadMailAsync(string to) =>
        QueryAsync(db => db.MailOutbox.AsNoTracking().Where(m => m.To == to).OrderByDescending(m => m.Id).ToListAsync());

    /// <summary>The reset link in the newest email to the address, as it is printed there.</summary>
    public async Task<Uri> ReadResetLinkAsync(string to)
    {
        var mail = await ReadMailAsync(to);
        Assert.True(mail.Count > 0, $"No email was stored for {to}.");
        var match = ResetLink().Match(mail[0].Body);
        Assert.True(match.Success, $"The email to {to} has no reset link: {mail[0].Body}");
        return new Uri(match.Value);
    }

    /// <summary>Sets a new password on the page a reset link opens.</summary>
    public static async Task<HtmlPage> ResetWithLinkAsync(HttpClient client, Uri link, string newPassword)
    {
        var page = await GetPageAsync(client, link.PathAndQuery);
        return page.HasField("Password")
            ? await SubmitAndFollowAsync(client, page.Form("/account/reset").Set("Password", newPassword).Set("ConfirmPassword", newPassword))
            : page;
    }

    /// <summary>Audit entries with the action about the account with this email or phone.</summary>
    public Task<int> CountAuditAsync(string action, string emailOrPhone) =>
        QueryAsync(async db =>
        {
            var id = await db.Users.Where(u => u.Email == emailOrPhone || u.PhoneNumber == emailOrPhone).Select(u => u.Id).SingleAsync();
            return await db.AuditLog.CountAsync(a => a.Action == action && a.Subject == AuditActions.UserSubject(id) && a.ActorUserId == id);
        });

    public Task<string?> PasswordHashOfAsync(string emailOrPhone) =>
        QueryAsync(db => db.Users.Where(u => u.Email == emailOrPhone || u.PhoneNumber == emailOrPhone).Select(u => u.PasswordHash).SingleAsync());

    [GeneratedRegex(@"https?://\S+/account/reset\?\S+")]
    private static partial Regex ResetLink();
}
