using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Verification;

/// <summary>
/// Whose verifications to list: <see cref="UserId"/> set — that person's own (a verifier sees nobody else's, not
/// even a colleague's); null — everyone's (an admin), optionally one organization's. <see cref="Outcome"/> narrows
/// to one status.
/// </summary>
public sealed record VerificationHistoryFilter(string? UserId, int? OrganizationId, VerificationStatus? Outcome);

/// <summary>One verification as its verifier sees it; the achievement only when the input resolved to one of ours.</summary>
public sealed record VerificationHistoryEntry(DateTimeOffset At, string Channel, string? Code, VerificationStatus Outcome, string? Achievement,
    string? OrganizationName);

public sealed record VerificationHistoryPage(IReadOnlyList<VerificationHistoryEntry> Entries, int Page, int TotalCount)
{
    public int PageCount => PageCountOf(TotalCount);

    public static int PageCountOf(int totalCount) => Math.Max(1, (totalCount + VerificationHistoryService.PageSize - 1) / VerificationHistoryService.PageSize);
}

/// <summary>The verification log read back for verifiers (their own) and admins (everyone's), newest first.</summary>
public sealed class VerificationHistoryService(AppDbContext db, VerificationLogWriter logWriter)
{
    public const int PageSize = 50;

    /// <summary>An export larger than this is cut off at the newest rows; a year of a busy bureau is far below it.</summary>
    public const int MaxExportRows = 100_000;

    public async Task<VerificationHistoryPage> PageAsync(VerificationHistoryFilter filter, int page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // The verifier's own verifications of a moment ago are in the history (rows are stored behind the request).
        await logWriter.FlushAsync(ct);
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, VerificationHistoryPage.PageCountOf(total));
        var entries = await Project(query.Skip((page - 1) * PageSize).Take(PageSize)).ToListAsync(ct);
        return new VerificationHistoryPage(entries, page, total);
    }

    public async Task<List<VerificationHistoryEntry>> ExportAsync(VerificationHistoryFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await logWriter.FlushAsync(ct);
        return await Project(Filtered(filter).Take(MaxExportRows)).ToListAsync(ct);
    }

    private IQueryable<VerificationLog> Filtered(VerificationHistoryFilter filter)
    {
        var logs = db.VerificationLogs.AsNoTracking();
        if (filter.UserId is { } userId)
        {
            logs = logs.Where(l => l.UserId == userId);
        }
        else if (filter.OrganizationId is { } organizationId)
        {
            logs = logs.Where(l => l.OrganizationId == organizationId);
        }
        if (filter.Outcome is { } outcome)
        {
            logs = logs.Where(l => l.Outcome == outcome);
        }
        return logs.OrderByDescending(l => l.At).ThenByDescending(l => l.Id);
    }

    private IQueryable<VerificationHistoryEntry> Project(IQueryable<VerificationLog> logs) =>
        logs.Select(l => new VerificationHistoryEntry(
            l.At,
            l.Channel,
            l.CredentialCode,
            l.Outcome,
            db.IssuedCredentials.Where(c => c.CredentialId == l.CredentialId).Select(c => c.Achievement!.Name).FirstOrDefault(),
            db.Organizations.Where(o => o.Id == l.OrganizationId).Select(o => o.Name).FirstOrDefault()));
}
