using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Credentials;

public sealed record IssueRunResult(int Requests, int Issued, int Failed)
{
    public static IssueRunResult operator +(IssueRunResult a, IssueRunResult b) =>
        new(a.Requests + b.Requests, a.Issued + b.Issued, a.Failed + b.Failed);
}

/// <summary>
/// Turns completed enrollments into signed OpenBadgeCredentials, one per enrollment and achievement of the course.
/// Idempotent: whatever is already issued is skipped, and the unique index on (enrollment, achievement) turns a
/// racing second run into a no-op, so the job may run late, twice, concurrently or after a crash.
/// </summary>
public sealed partial class CredentialIssuer(
    AppDbContext db,
    IssuerKeyStore keys,
    LearningFacts facts,
    ISmsSender sms,
    IStringLocalizer<CredentialIssuer> text,
    IOptions<SmsOptions> smsOptions,
    CredentialUrls urls,
    TimeProvider clock,
    ILogger<CredentialIssuer> logger)
{
    /// <summary>A request that failed this often is left for a person to look at (LastError says why).</summary>
    public const int MaxAttempts = 10;

    public const string NoAchievement = "NoAchievement";
    public const string NotCompleted = "NotCompleted";

    private const int BatchSize = 200;

    // The platform generator is thread-safe; one instance serves every draw.
    private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

    // Per run: the signing key and the status-list room of each issuer, loaded once rather than per credential.
    private readonly Dictionary<int, IssuerSigningKey> signingKeys = [];
    private readonly Dictionary<int, StatusRoom> rooms = [];

    /// <summary>Issues what every pending issuance request is owed; returns counts for the log and the benchmark.</summary>
    public async Task<IssueRunResult> ProcessPendingAsync(CancellationToken ct)
    {
        var total = new IssueRunResult(0, 0, 0);
        long after = 0;
        try
        {
            while (true)
            {
                var batch = await db.IssuanceRequests.AsNoTracking()
                    .Where(r => r.ProcessedAt == null && r.Attempts < MaxAttempts && r.Id > after)
                    .OrderBy(r => r.Id)
                    .Select(r => new Work(r.EnrollmentId, r.Id))
                    .Take(BatchSize)
                    .ToListAsync(ct);
                if (batch.Count == 0)
                {
                    return total;
                }
                after = batch[^1].RequestId!.Value;
                total += await IssueWithFallbackAsync(batch, ct);
            }
        }
        finally
        {
            ReleaseKeys();
        }
    }

    /// <summary>Issues the credentials an enrollment lacks (bulk issue, or the lead's per-completion job).</summary>
    public async Task<IssueRunResult> IssueForEnrollmentsAsync(IReadOnlyList<int> enrollmentIds, CancellationToken ct)
    {
        try
        {
            var total = new IssueRunResult(0, 0, 0);
            foreach (var chunk in enrollmentIds.Chunk(BatchSize))
            {
                var requests = await db.IssuanceRequests.AsNoTracking()
                    .Where(r => chunk.Contains(r.EnrollmentId))
                    .Select(r => new { r.EnrollmentId, r.Id })
                    .ToDictionaryAsync(r => r.EnrollmentId, r => r.Id, ct);
                total += await IssueWithFallbackAsync(
                    chunk.Select(id => new Work(id, requests.TryGetValue(id, out var r) ? r : null)).ToList(), ct);
            }
            return total;
        }
        finally
        {
            ReleaseKeys();
        }
    }

    private sealed record Work(int EnrollmentId, long? RequestId);

    private async Task<IssueRunResult> IssueWithFallbackAsync(List<Work> batch, CancellationToken ct)
    {
        try
        {
            return await IssueAsync(batch, ct);
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            // Someone else issued part of this batch, or took a status index or code we drew: redo it one by one,
            // so that only the contested enrollment retries and the rest commit.
            var total = new IssueRunResult(0, 0, 0);
            foreach (var work in batch)
            {
                total += await IssueOneAsync(work, ct);
            }
            return total;
        }
    }

    private async Task<IssueRunResult> IssueOneAsync(Work work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IssueAsync([work], ct);
            }
            catch (DbUpdateException e) when (attempt < 3)
            {
                LogRetry(logger, work.EnrollmentId, e.InnerException?.Message ?? e.Message);
            }
            catch (Exception e) when (e is DbUpdateException or CryptographicException or InvalidOperationException)
            {
                db.ChangeTracker.Clear();
                LogFailed(logger, e, work.EnrollmentId);
                if (work.RequestId is { } requestId)
                {
                    var error = e.GetType().Name + ": " + e.Message;
                    await db.IssuanceRequests.Where(r => r.Id == requestId).ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                        .SetProperty(r => r.LastError, error.Length > 500 ? error[..500] : error), ct);
                }
                return new IssueRunResult(work.RequestId is null ? 0 : 1, 0, 1);
            }
        }
    }

    /// <summary>One transaction for the whole batch: credentials, facts and the requests marked processed.</summary>
    private async Task<IssueRunResult> IssueAsync(List<Work> batch, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var enrollmentIds = batch.Select(w => w.EnrollmentId).ToList();
        var requestIds = batch.Where(w => w.RequestId is not null).Select(w => w.RequestId!.Value).ToList();

        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => enrollmentIds.Contains(e.Id))
            .Select(e => new
            {
                e.Id,
                e.UserId,
                e.CompletedAt,
                BaseId = e.Cohort!.TrainingBaseId,
                BaseName = e.Cohort.TrainingBase!.Name,
                e.Cohort.CourseId,
                e.Cohort.Course!.Category,
                e.Cohort.Course.Level,
            })
            .ToDictionaryAsync(e => e.Id, ct);
        // Keys first: making an issuer's first key saves through this context, which must not hold half a batch then.
        foreach (var baseId in enrollments.Values.Select(e => e.BaseId).Distinct())
        {
            await SigningKeyAsync(baseId, ct);
        }
        var userIds = enrollments.Values.Select(e => e.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var courseIds = enrollments.Values.Select(e => e.CourseId).Distinct().ToList();
        var achievements = (await db.Achievements.AsNoTracking().Where(a => courseIds.Contains(a.CourseId)).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.CourseId);
        var existing = (await db.IssuedCredentials.AsNoTracking()
                .Where(c => enrollmentIds.Contains(c.EnrollmentId))
                .Select(c => new { c.EnrollmentId, c.AchievementId })
                .ToListAsync(ct))
            .Select(c => (c.EnrollmentId, c.AchievementId))
            .ToHashSet();
        var requests = await db.IssuanceRequests.Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);

        var now = clock.GetUtcNow();
        var validFrom = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var issued = new List<(AppUser User, string AchievementName)>();
        var unsigned = new List<(IssuedCredential Credential, JsonObject Json, IssuerSigningKey Key)>();
        foreach (var work in batch)
        {
            string? error = null;
            if (!enrollments.TryGetValue(work.EnrollmentId, out var enrollment) || enrollment.CompletedAt is null)
            {
                error = NotCompleted;
            }
            else if (!achievements[enrollment.CourseId].Any())
            {
                error = NoAchievement;
            }
            else
            {
                var user = users[enrollment.UserId];
                foreach (var achievement in achievements[enrollment.CourseId].Where(a => !existing.Contains((enrollment.Id, a.Id))))
                {
                    var key = await SigningKeyAsync(enrollment.BaseId, ct);
                    var index = await AllocateStatusIndexAsync(enrollment.BaseId, ct);
                    var (credential, json) = Build(
                        enrollment.Id, enrollment.BaseId, enrollment.BaseName, enrollment.Category, achievement, user, validFrom, index, key);
                    unsigned.Add((credential, json, key));
                    db.IssuedCredentials.Add(credential);
                    db.LearningFacts.Add(facts.Create(FactKind.Credential, user, enrollment.Category, achievement.Level, now));
                    issued.Add((user, achievement.Name));
                }
            }
            if (work.RequestId is { } requestId && requests.TryGetValue(requestId, out var request))
            {
                request.ProcessedAt = now;
                request.Attempts++;
                request.LastError = error;
            }
        }

        Sign(unsigned);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // The indexes we drew may be taken by another process: reload the room next time.
            rooms.Clear();
            throw;
        }
        db.ChangeTracker.Clear();

        // After commit: a message must never announce a credential that a rollback took away.
        await NotifyAsync(issued, ct);
        return new IssueRunResult(requests.Count, issued.Count, 0);
    }

    /// <summary>
    /// RSA signing is most of the work: spread it over the cores, each with its own copy of the key (an RSA object
    /// is not documented as safe for concurrent use).
    /// </summary>
    private static void Sign(List<(IssuedCredential Credential, JsonObject Json, IssuerSigningKey Key)> unsigned)
    {
        Parallel.ForEach(
            unsigned,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new Dictionary<string, RSA>(StringComparer.Ordinal),
            (item, _, copies) =>
            {
                if (!copies.TryGetValue(item.Key.KeyId, out var rsa))
                {
                    rsa = RSA.Create();
                    rsa.ImportParameters(item.Key.Key.ExportParameters(includePrivateParameters: true));
                    copies[item.Key.KeyId] = rsa;
                }
                item.Credential.Jws = VcJwt.Sign(item.Json, rsa, item.Key.KeyId);
                return copies;
            },
            copies =>
            {
                foreach (var rsa in copies.Values)
                {
                    rsa.Dispose();
                }
            });
    }

    private (IssuedCredential Credential, JsonObject Json) Build(
        int enrollmentId, int baseId, string baseName, CourseCategory category, Achievement achievement, AppUser user,
        DateTimeOffset validFrom, StatusSlot slot, IssuerSigningKey key)
    {
        var code = VerificationCode.NewRandom().ToString();
        var credentialId = "urn:uuid:" + Guid.NewGuid();
        DateTimeOffset? validUntil = achievement.ValidityMonths is { } months ? validFrom.AddMonths(months) : null;
        var input = new OpenBadgeCredentialInput(
            new Uri(credentialId),
            new IssuerProfile(urls.Issuer(baseId), baseName),
            new AchievementDefinition(
                urls.Achievement(achievement.Id),
                achievement.Name,
                achievement.Description,
                achievement.CriteriaNarrative,
                achievement.AchievementType,
                SkillsFramework.Category(urls, category),
                SkillsFramework.Level(urls, achievement.Level)),
            new CredentialRecipient(LearnerId(user.Id), user.PhoneNumber ?? user.Id, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
            validFrom,
            validUntil,
            [
                new CredentialStatusEntry(StatusPurpose.Revocation, urls.StatusList(baseId, StatusPurpose.Revocation, slot.Sequence), slot.Index),
                new CredentialStatusEntry(StatusPurpose.Suspension, urls.StatusList(baseId, StatusPurpose.Suspension, slot.Sequence), slot.Index),
            ]);
        var json = OpenBadgeCredentialBuilder.Build(input);
        var credential = new IssuedCredential
        {
            CredentialId = credentialId,
            EnrollmentId = enrollmentId,
            AchievementId = achievement.Id,
            UserId = user.Id,
            IssuerBaseId = baseId,
            VerificationCode = code,
            KeyId = key.KeyId,
            CredentialJson = json.ToJsonString(CredentialJsonText.Options),
            Jws = "",
            StatusListSequence = slot.Sequence,
            StatusIndex = slot.Index,
            IssuedAt = clock.GetUtcNow(),
            ValidFrom = validFrom,
            ValidUntil = validUntil,
        };
        return (credential, json);
    }

    /// <summary>The learner's subject id: stable across their credentials, and nothing personal in it.</summary>
    public static Uri LearnerId(string userId) =>
        new("urn:uuid:" + (Guid.TryParse(userId, out var guid)
            ? guid
            : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16))));

    private async Task NotifyAsync(List<(AppUser User, string AchievementName)> issued, CancellationToken ct)
    {
        var walletUrl = urls.Base + "/me/credentials";
        foreach (var group in issued
                     .Where(i => i.User.PhoneNumber is not null)
                     .GroupBy(i => (Culture: i.User.Culture ?? "zh-CN", i.AchievementName)))
        {
            var previous = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(group.Key.Culture == "en" ? "en" : "zh-CN");
                var message = text["CredentialReady", smsOptions.Value.Signature, group.Key.AchievementName, walletUrl].Value;
                var phones = group.Select(i => i.User.PhoneNumber!).Distinct().ToList();
                // The credential is issued either way; the wallet shows it at the next visit.
                var failed = await sms.SendToManyAsync(phones, message, ct);
                if (failed.Count > 0)
                {
                    LogSmsFailed(logger, failed.Count);
                }
            }
            catch (SmsDeliveryException e)
            {
                LogSmsError(logger, e);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
        db.ChangeTracker.Clear();
    }

    private async Task<IssuerSigningKey> SigningKeyAsync(int baseId, CancellationToken ct)
    {
        if (!signingKeys.TryGetValue(baseId, out var key))
        {
            key = await keys.GetSigningKeyAsync(baseId, ct);
            signingKeys[baseId] = key;
        }
        return key;
    }

    private void ReleaseKeys()
    {
        foreach (var key in signingKeys.Values)
        {
            key.Dispose();
        }
        signingKeys.Clear();
        rooms.Clear();
    }

    private readonly record struct StatusSlot(int Sequence, int Index);

    private sealed class StatusRoom(int sequence, HashSet<int> used)
    {
        public int Sequence { get; set; } = sequence;
        public HashSet<int> Used { get; set; } = used;
    }

    /// <summary>A random index no credential of the issuer's current list holds (a unique index backs it).</summary>
    private async Task<StatusSlot> AllocateStatusIndexAsync(int baseId, CancellationToken ct)
    {
        if (!rooms.TryGetValue(baseId, out var room))
        {
            var sequence = await db.IssuedCredentials.Where(c => c.IssuerBaseId == baseId).MaxAsync(c => (int?)c.StatusListSequence, ct) ?? 1;
            var used = await db.IssuedCredentials.Where(c => c.IssuerBaseId == baseId && c.StatusListSequence == sequence)
                .Select(c => c.StatusIndex).ToListAsync(ct);
            room = new StatusRoom(sequence, [.. used]);
            rooms[baseId] = room;
        }
        // A full list would make every draw slow; start the next one a little before.
        if (room.Used.Count >= BitstringStatusList.MinimumLength - 1024)
        {
            room.Sequence++;
            room.Used = [];
        }
        var index = BitstringStatusList.AllocateRandomIndex(room.Used, Random);
        room.Used.Add(index);
        return new StatusSlot(room.Sequence, index);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issuing for enrollment {EnrollmentId} collided with another run; retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, int enrollmentId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Issuing for enrollment {EnrollmentId} failed")]
    private static partial void LogFailed(ILogger logger, Exception e, int enrollmentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential-ready SMS could not reach {Count} phones")]
    private static partial void LogSmsFailed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential-ready SMS failed")]
    private static partial void LogSmsError(ILogger logger, Exception e);
}
