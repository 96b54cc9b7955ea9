using CtecSkills.Core.Mail;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Mail;

/// <summary>The MailKit adapter against a real SMTP server in the test process.</summary>
public sealed class SmtpMailSenderTests : IAsyncLifetime
{
    private FakeSmtpServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeSmtpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Send_WithCredentials_ServerReceivesTheMessageFromTheConfiguredSender()
    {
        var sender = Sender(FakeSmtpServer.UserName, FakeSmtpServer.Password);

        await sender.SendAsync(new MailMessage("staff.chengdu@ctecskills.demo", "重设密码", "您好：\n链接 https://ctecskills.cn/account/reset?user=1&token=abc"), CancellationToken.None);

        var received = Assert.Single(_server.Messages);
        Assert.Equal("staff.chengdu@ctecskills.demo", received.To.Mailboxes.Single().Address);
        Assert.Equal("noreply@ctecskills.cn", received.From.Mailboxes.Single().Address);
        Assert.Equal("川渝数字技能", received.From.Mailboxes.Single().Name);
        Assert.Equal("重设密码", received.Subject);
        Assert.Contains("https://ctecskills.cn/account/reset?user=1&token=abc", received.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WrongPassword_FailsAsDeliveryFailureAndNothingArrives()
    {
        var sender = Sender(FakeSmtpServer.UserName, "wrong-secret");

        await Assert.ThrowsAsync<MailDeliveryException>(() =>
            sender.SendAsync(new MailMessage(DemoSeeder.AdminEmail, "s", "b"), CancellationToken.None));
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task Send_NoServerListening_FailsAsDeliveryFailure()
    {
        var sender = new SmtpMailSender(Microsoft.Extensions.Options.Options.Create(new MailOptions
        {
            Sender = MailOptions.SmtpSender,
            Host = "127.0.0.1",
            Port = FakeSmtpServer.FreePort(),
            Security = "None",
        }));

        await Assert.ThrowsAsync<MailDeliveryException>(() =>
            sender.SendAsync(new MailMessage(DemoSeeder.AdminEmail, "s", "b"), CancellationToken.None));
    }

    private SmtpMailSender Sender(string user, string password) =>
        new(Microsoft.Extensions.Options.Options.Create(new MailOptions
        {
            Sender = MailOptions.SmtpSender,
            Host = "127.0.0.1",
            Port = _server.Port,
            Security = "None",
            UserName = user,
            Password = password,
        }));
}

/// <summary>The whole app sending its mail through SMTP to the in-process server.</summary>
public sealed class SmtpMailApp : CtecSkillsApp
{
    public FakeSmtpServer Smtp { get; private set; } = null!;

    protected override async Task BeforeStartAsync() => Smtp = await FakeSmtpServer.StartAsync();

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Mail:Sender"] = MailOptions.SmtpSender;
        settings["Mail:Host"] = "127.0.0.1";
        settings["Mail:Port"] = Number(Smtp.Port);
        settings["Mail:Security"] = "None";
        settings["Mail:UserName"] = FakeSmtpServer.UserName;
        settings["Mail:Password"] = FakeSmtpServer.Password;
    }

    protected override async Task AfterStopAsync() => await Smtp.DisposeAsync();
}

public sealed class PasswordResetOverSmtpTests(SmtpMailApp app) : IClassFixture<SmtpMailApp>
{
    [Fact]
    public async Task ForgotPassword_SmtpSender_LinkArrivesAtTheMailServerAndResetsThePassword()
    {
        var email = DemoSeeder.Bases[0].StaffEmail;
        using var browser = app.CreateBrowserClient();

        await CtecSkillsApp.ForgotPasswordAsync(browser, email);

        var mail = Assert.Single(app.Smtp.Messages);
        Assert.Equal(email, mail.To.Mailboxes.Single().Address);
        Assert.Empty(await app.ReadMailAsync(email));
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+/account/reset\?\S+").Value);
        var done = await CtecSkillsApp.ResetWithLinkAsync(browser, link, "chengdu-2027");
        Assert.Equal("/account/signin", done.Path);
        using var later = app.CreateBrowserClient();
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, "chengdu-2027")).Path);
    }
}
