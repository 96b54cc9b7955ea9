using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Maintenance;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.UnitTests.Maintenance;

public sealed class SmsHousekeepingJobTests : IDisposable
{
    private readonly MemoryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly AppDbContext _db;

    public SmsHousekeepingJobTests()
    {
        _db = _database.Db;
    }

    [Fact]
    public async Task RunAsync_DeletesOnlyCodesOlderThanADayOutboxOlderThanAWeekAndFinishedMessagesOlderThanAMonth()
    {
        var now = _clock.GetUtcNow();
        _db.SmsCodes.Add(SmsCode.Create("13800000001", now.AddHours(-25)).Entity);
        _db.SmsCodes.Add(SmsCode.Create("13800000002", now.AddHours(-23)).Entity);
        _db.SmsOutbox.Add(new SmsOutboxMessage { Phone = "13800000001", Text = "old", CreatedAt = now.AddDays(-8) });
        _db.SmsOutbox.Add(new SmsOutboxMessage { Phone = "13800000002", Text = "recent", CreatedAt = now.AddDays(-6) });
        _db.QueueSms("old-sent", "13800000001", "a", now.AddDays(-31)).State = MessageState.Sent;
        _db.QueueSms("old-failed", "13800000001", "b", now.AddDays(-31)).State = MessageState.Failed;
        _db.QueueSms("old-queued", "13800000001", "c", now.AddDays(-31));
        _db.QueueSms("recent-sent", "13800000001", "d", now.AddDays(-29)).State = MessageState.Sent;
        await _db.SaveChangesAsync();

        var result = await new SmsHousekeepingJob(_db, _clock).RunAsync(default);

        Assert.Equal(new HousekeepingResult(1, 1, 2), result);
        // A message still on its way is kept however old: it has not been sent yet.
        Assert.Equal(["old-queued", "recent-sent"], await _db.OutboundMessages.OrderBy(m => m.Key).Select(m => m.Key).ToListAsync());
        Assert.Equal("13800000002", Assert.Single(await _db.SmsCodes.ToListAsync()).Phone);
        Assert.Equal("recent", Assert.Single(await _db.SmsOutbox.ToListAsync()).Text);
    }

    [Fact]
    public async Task RunAsync_Twice_SecondRunFindsNothingToDo()
    {
        _db.SmsCodes.Add(SmsCode.Create("13800000001", _clock.GetUtcNow().AddDays(-3)).Entity);
        await _db.SaveChangesAsync();
        var job = new SmsHousekeepingJob(_db, _clock);

        await job.RunAsync(default);

        Assert.Equal(new HousekeepingResult(0, 0, 0), await job.RunAsync(default));
    }

    public void Dispose()
    {
        _database.Dispose();
    }
}
