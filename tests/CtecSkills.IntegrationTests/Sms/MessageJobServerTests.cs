using System.Diagnostics;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Sms;

/// <summary>The app with its Hangfire workers running the message queue, as in production.</summary>
public sealed class MessageJobServerApp : CtecSkillsApp
{
    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings[SettingKeys.JobsRunServer] = "true";
        settings[SettingKeys.JobsMessagesOnly] = "true";
    }
}

public sealed class MessageJobServerTests(MessageJobServerApp app) : IClassFixture<MessageJobServerApp>
{
    [Fact]
    public async Task RequestCode_WithTheJobServerRunning_TheCodeArrivesWithinSecondsWithoutASweep()
    {
        const string phone = "13812349950";
        using var browser = app.CreateBrowserClient();
        var clock = Stopwatch.StartNew();

        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);

        Assert.Equal("/account/code", codePage.Path);
        while (await app.QueryAsync(db => db.SmsOutbox.CountAsync(m => m.Phone == phone)) == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "The code did not arrive within 10 seconds: the message job was not started on commit.");
            await Task.Delay(100);
        }
    }
}
