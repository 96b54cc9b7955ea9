using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CtecSkills.Core.Data;

/// <summary>
/// Listens, on a PostgreSQL connection of its own, for the cache notices every node sends
/// (<see cref="CacheInvalidation"/>) and applies them here. A lost connection loses the notices sent meanwhile, so after
/// each (re)connection, once listening again, every cache is emptied: what changed in the gap is read anew. Reconnects
/// with a doubling wait between <see cref="FirstRetry"/> and <see cref="LastRetry"/>. Without a connection string
/// (SQLite: one node) there is nothing to listen to.
/// </summary>
public sealed partial class CacheNoticeListener(string? connectionString, CacheInvalidation invalidation, ILogger<CacheNoticeListener> logger)
    : BackgroundService
{
    public const string ApplicationName = "ctecskills-cache-listener";
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    // A dead peer (a failover, a cut cable) is noticed within about this many seconds, not at the next notice.
    private const int KeepAliveSeconds = 15;

    private readonly string? _connectionString = connectionString is null ? null : new NpgsqlConnectionStringBuilder(connectionString)
    {
        ApplicationName = ApplicationName,
        Pooling = false,
        KeepAlive = KeepAliveSeconds,
    }.ConnectionString;

    private int _processId;
    private int _connections;

    /// <summary>The server process of the listening connection; null while not listening.</summary>
    public int? ServerProcessId => Volatile.Read(ref _processId) is var id && id != 0 ? id : null;

    /// <summary>How many times a listening connection was established (the first start counts).</summary>
    public int Connections => Volatile.Read(ref _connections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_connectionString is null)
        {
            return;
        }
        var wait = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, e) => invalidation.Apply(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {CacheInvalidation.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                invalidation.ForgetAll();
                Volatile.Write(ref _processId, connection.ProcessID);
                Interlocked.Increment(ref _connections);
                LogListening(logger, connection.ProcessID);
                wait = FirstRetry;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever broke the connection, the node keeps serving and tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Volatile.Write(ref _processId, 0);
                LogLost(logger, e, wait.TotalSeconds);
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            wait = wait * 2 < LastRetry ? wait * 2 : LastRetry;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for cache notices (server process {ProcessId}); caches emptied")]
    private static partial void LogListening(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache notice connection lost; trying again in {Seconds} s")]
    private static partial void LogLost(ILogger logger, Exception e, double seconds);
}
