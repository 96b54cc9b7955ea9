using CtecSkills.Core.Progress;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>An instant on a Beijing day <paramref name="daysFromToday"/> days ahead, at the given Beijing hour.</summary>
    public static DateTimeOffset BeijingAt(int daysFromToday, int hour, int minute = 0) =>
        new(BeijingTime.Today(TimeProvider.System).AddDays(daysFromToday).ToDateTime(new TimeOnly(hour, minute)), BeijingTime.Offset);

    /// <summary>
    /// The hourly reminder job as Hangfire runs it, in its own scope, with the clock showing <paramref name="now"/>,
    /// followed by the message job its commits start (at the same moment).
    /// </summary>
    public async Task<ReminderRunResult> RunRemindersAsync(DateTimeOffset now)
    {
        ReminderRunResult result;
        await using (var scope = Services.CreateAsyncScope())
        {
            var job = ActivatorUtilities.CreateInstance<ReminderJob>(scope.ServiceProvider, new FakeTimeProvider(now.ToUniversalTime()));
            result = await job.RunAsync(default);
        }
        await DeliverMessagesAsync(now);
        return result;
    }

    public Task<string> PhoneOfAsync(string userId) =>
        QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.PhoneNumber!).SingleAsync());

    /// <summary>Every text the outbox sender kept for the phone, oldest first, once the message job ran.</summary>
    public async Task<List<string>> TextsToAsync(string phone)
    {
        await DeliverMessagesAsync();
        return await QueryAsync(db => db.SmsOutbox.AsNoTracking().Where(m => m.Phone == phone).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync());
    }
}
