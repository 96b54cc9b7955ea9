using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.UnitTests.Accounts;

/// <summary>The code rules end to end on a real (in-memory) SQLite database with a controllable clock; texts are read from the outbox they are queued in.</summary>
public sealed class SmsCodeServiceTests : IDisposable
{
    private readonly MemoryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly AppDbContext _db;
    private readonly SmsCodeService _service;

    public SmsCodeServiceTests()
    {
        _db = _database.Db;
        var localizer = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        _service = new SmsCodeService(_db, _clock, Options.Create(new SmsOptions()), new StringLocalizer<SmsCodeService>(localizer));
    }

    [Fact]
    public async Task RequestAsync_ValidPhone_TextsASixDigitCodeThatSignsIn()
    {
        var result = await _service.RequestAsync("138 1234 5678", default);

        Assert.Equal(SmsCodeRequestOutcome.Sent, result.Outcome);
        var (phone, text) = Assert.Single(Queued);
        Assert.Equal("13812345678", phone);
        Assert.StartsWith("【川渝数字技能】", text, StringComparison.Ordinal);
        Assert.True((await _service.VerifyAsync(phone, CodeIn(text), default)).Succeeded);
    }

    [Fact]
    public async Task RequestAsync_InvalidPhone_SendsNothing()
    {
        var result = await _service.RequestAsync("12345", default);

        Assert.Equal(SmsCodeRequestOutcome.InvalidPhone, result.Outcome);
        Assert.Empty(Queued);
        Assert.Equal(0, await _db.SmsCodes.CountAsync());
    }

    [Fact]
    public async Task RequestAsync_AgainWithinAMinute_IsThrottledUntilTheMinuteIsUp()
    {
        await _service.RequestAsync("13812345678", default);
        _clock.Advance(TimeSpan.FromSeconds(20));

        var again = await _service.RequestAsync("13812345678", default);

        Assert.Equal(SmsCodeRequestOutcome.Throttled, again.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(40), again.RetryAfter);
        Assert.Single(Queued);

        _clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(SmsCodeRequestOutcome.Sent, (await _service.RequestAsync("13812345678", default)).Outcome);
    }

    [Fact]
    public async Task RequestAsync_EleventhCodeOfTheDay_IsRefused()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SmsCodeRequestOutcome.Sent, (await _service.RequestAsync("13812345678", default)).Outcome);
            _clock.Advance(TimeSpan.FromMinutes(2));
        }

        var eleventh = await _service.RequestAsync("13812345678", default);

        Assert.Equal(SmsCodeRequestOutcome.Throttled, eleventh.Outcome);
        Assert.True(eleventh.RetryAfter > TimeSpan.FromHours(23));
    }

    [Fact]
    public async Task VerifyAsync_AfterFiveMinutes_SaysExpired()
    {
        await _service.RequestAsync("13812345678", default);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _service.VerifyAsync("13812345678", CodeIn(Queued[0].Text), default);

        Assert.Equal(SmsCodeCheck.Expired, result.Check);
    }

    [Fact]
    public async Task VerifyAsync_FiveWrongTries_AreRememberedInTheDatabase()
    {
        await _service.RequestAsync("13812345678", default);
        var right = CodeIn(Queued[0].Text);
        var wrong = right == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
        {
            await _service.VerifyAsync("13812345678", wrong, default);
        }
        var last = await _service.VerifyAsync("13812345678", right, default);

        Assert.Equal(SmsCodeCheck.TooManyAttempts, last.Check);
    }

    [Fact]
    public async Task VerifyAsync_OlderCodeAfterANewOneWasSent_NoLongerWorks()
    {
        await _service.RequestAsync("13812345678", default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _service.RequestAsync("13812345678", default);
        var first = CodeIn(Queued[0].Text);
        var second = CodeIn(Queued[1].Text);

        if (first != second)
        {
            Assert.False((await _service.VerifyAsync("13812345678", first, default)).Succeeded);
        }
        Assert.True((await _service.VerifyAsync("13812345678", second, default)).Succeeded);
    }

    [Fact]
    public async Task RequestAsync_ValidPhone_QueuesTheTextAsASecretThatExpiresWithTheCode()
    {
        await _service.RequestAsync("13812345678", default);

        var message = await _db.OutboundMessages.AsNoTracking().SingleAsync();
        var code = await _db.SmsCodes.AsNoTracking().SingleAsync();
        Assert.Equal((MessageState.Queued, true, code.ExpiresAt), (message.State, message.Secret, message.ExpiresAt));
    }

    private static string CodeIn(string text) => System.Text.RegularExpressions.Regex.Match(text, @"\d{6}").Value;

    public void Dispose()
    {
        _database.Dispose();
    }

    /// <summary>The texts the service queued for the message job, oldest first.</summary>
    private List<(string Phone, string Text)> Queued =>
        [.. _db.OutboundMessages.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Phone, m.Text }).AsEnumerable().Select(m => (m.Phone, m.Text))];
}
