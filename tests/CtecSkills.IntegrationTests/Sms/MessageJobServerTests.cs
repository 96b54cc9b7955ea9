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
        settings[SettingKeys.NodeRole] = "Both";
        settings[SettingKeys.JobsMessagesOnly] = "true";
    }
}

/// <summary>Alone: it measures seconds, which a machine busy with the other classes' hosts would blur.</summary>
[CollectionDefinition(nameof(MessageJobServerTests), DisableParallelization = true)]
public sealed class MessageJobServerRunsAlone;

[Collection(nameof(MessageJobServerTests))]
public sealed class MessageJobServerTests(MessageJobServerApp app) : IClassFixture<MessageJobServerApp>
{
    [Fact]
    public async Task RequestCode_WithTheJobServerRunning_TheCodeArrivesWithinSecondsWithoutASweep()
    {
        using var browser = app.CreateBrowserClient();
        // The workers take a few seconds to start with the host; the minute sweep is not what delivers here either.
        await RequestAndWaitAsync(browser, "13812349950", TimeSpan.FromSeconds(60));

        var waited = await RequestAndWaitAsync(browser, "13812349951", TimeSpan.FromSeconds(5));

        Assert.True(waited < TimeSpan.FromSeconds(5), $"The code took {waited}: the message job was not started on commit.");
    }

    private async Task<TimeSpan> RequestAndWaitAsync(HttpClient browser, string phone, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        Assert.Equal("/account/code", codePage.Path);
        while (await app.QueryAsync(db => db.SmsOutbox.CountAsync(m => m.Phone == phone)) == 0)
        {
            Assert.True(clock.Elapsed < limit, $"No code for {phone} within {limit}.");
            await Task.Delay(50);
        }
        return clock.Elapsed;
    }
}
