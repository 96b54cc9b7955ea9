using CtecSkills.Core.Credentials;
using CtecSkills.Core.Privacy;
using CtecSkills.Core.Sms;
using Npgsql;

namespace CtecSkills.IntegrationTests.Cluster;

/// <summary>
/// Two workers on one PostgreSQL database both register the recurring jobs and both run Hangfire's scheduler: each
/// occurrence must still be enqueued once, not once per worker (a doubled sweep would, for instance, send reminders twice).
/// </summary>
[Collection(nameof(ClusterProcesses))]
public sealed class RecurringJobTests(PostgresTwoWorkers cluster) : IClassFixture<PostgresTwoWorkers>
{
    [PostgresFact]
    public async Task EveryMinuteJobs_WithTwoWorkers_RunOncePerMinute()
    {
        Assert.All(cluster.Nodes, n => Assert.True(n.IsRunning, $"{n.Name} is not running."));
        // The first whole minute both workers were up for, then a margin for the scheduler's polling.
        var now = TimeProvider.System.GetUtcNow();
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var wait = minute.AddSeconds(20) - now;
        await Task.Delay(wait);

        foreach (var (type, method) in new[]
        {
            (nameof(CredentialIssuingJob), nameof(CredentialIssuingJob.RunAsync)),
            (nameof(MessageSendJob), nameof(MessageSendJob.SendDueAsync)),
            (nameof(PersonalDataExportJob), nameof(PersonalDataExportJob.SweepAsync)),
        })
        {
            var runs = await CountOccurrencesAsync(type, method, minute);
            Assert.True(runs == 1, $"{type}.{method} was enqueued {runs} times in the minute from {minute:HH:mm} with two workers.{Environment.NewLine}{cluster.Logs}");
        }
    }

    private async Task<long> CountOccurrencesAsync(string type, string method, DateTimeOffset minute)
    {
        // Hangfire keeps UTC times; the session's zone must not shift the comparison.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.Database.ConnectionString) { Timezone = "UTC" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM hangfire.job
            WHERE invocationdata::text LIKE '%' || @type || '%' AND invocationdata::text LIKE '%"' || @method || '"%'
              AND createdat >= @from AND createdat < @from + interval '1 minute'
            """, connection);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("method", method);
        command.Parameters.AddWithValue("from", minute.UtcDateTime);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
