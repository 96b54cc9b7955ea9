using System.Text;
using System.Threading.Channels;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Verification;

/// <summary>
/// The verification log, written behind the request: a verification hands its row over and answers at once, and one
/// writer stores the rows in batches, one commit per <see cref="Gather"/> unless someone waits in
/// <see cref="FlushAsync"/>. Public verification is the busiest path of the site: a database write per request made
/// every verifier wait for the others' commits (on SQLite, one writer at a time), and every commit makes each reading
/// SQLite connection drop its page cache, so frequent small commits slowed the look-ups of the verifications they logged. A stopping app stores what is queued; a killed process loses the rows not yet stored, at most about
/// <see cref="Gather"/>'s worth (ADR 0012).
/// </summary>
public sealed partial class VerificationLogWriter(IServiceScopeFactory scopes, ILogger<VerificationLogWriter> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private const int RowsPerStatement = 100;
    private const int Capacity = 20_000;
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(500);

    private readonly Channel<VerificationLog> _queue = Channel.CreateBounded<VerificationLog>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _queued;
    private long _handled;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _flushTarget;
    private TaskCompletionSource _flushWanted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Hands a row to the writer; waits only when <see cref="Capacity"/> rows are already waiting.</summary>
    public ValueTask EnqueueAsync(VerificationLog row, CancellationToken ct)
    {
        Interlocked.Increment(ref _queued);
        return _queue.Writer.WriteAsync(row, ct);
    }

    /// <summary>Waits until every row handed over before this call is stored (a verifier's history reads its own writes).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var target = Interlocked.Read(ref _queued);
        // The target before the signal: a writer that took the signal after this exchange sees the target instead.
        InterlockedMax(ref _flushTarget, target);
        Interlocked.Exchange(ref _flushWanted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        while (true)
        {
            // The signal is read before the count: a batch finishing in between completes this very signal.
            var progress = Volatile.Read(ref _progress);
            if (Interlocked.Read(ref _handled) >= target)
            {
                return;
            }
            await progress.Task.WaitAsync(ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<VerificationLog>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // The signal before the target: a flush asked for after this read completes this very signal.
                var flushWanted = Volatile.Read(ref _flushWanted).Task;
                if (Interlocked.Read(ref _flushTarget) <= Interlocked.Read(ref _handled))
                {
                    // A stop cancels the delay; what is queued is then stored below.
                    await Task.WhenAny(Task.Delay(Gather, stoppingToken), flushWanted);
                }
                await WriteAvailableAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Stopping: store what is still queued.
        await WriteAvailableAsync(batch, CancellationToken.None);
    }

    private async Task WriteAvailableAsync(List<VerificationLog> batch, CancellationToken ct)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var row))
            {
                batch.Add(row);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await InsertAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), batch, ct);
            }
#pragma warning disable CA1031 // A failed batch must not stop the writer; it is reported and the next batch goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogBatchLost(logger, e, batch.Count);
            }
            Interlocked.Add(ref _handled, batch.Count);
            Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>
    /// Stores a batch with multi-row INSERTs in one transaction. Through the change tracker, storing a row cost about as
    /// much CPU as the rest of its verification (docs/decisions/0012). Table, columns and value conversions come from
    /// the EF model, so the statement is right for SQLite and PostgreSQL alike.
    /// </summary>
    private static async Task InsertAsync(AppDbContext db, List<VerificationLog> batch, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(VerificationLog))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey())
            .Select(p => (Name: p.GetColumnName(table), Read: p.PropertyInfo!, Converter: p.GetTypeMapping().Converter)).ToList();
        var into = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ";
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var rows in batch.Chunk(RowsPerStatement))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            var sql = new StringBuilder(into);
            for (var r = 0; r < rows.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{r}_{c}";
                    var value = columns[c].Read.GetValue(rows[r]);
                    parameter.Value = (value is null ? null : columns[c].Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                    sql.Append(c == 0 ? "" : ", ").Append(parameter.ParameterName);
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (current < value)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} verification log rows could not be stored")]
    private static partial void LogBatchLost(ILogger logger, Exception exception, int count);
}
