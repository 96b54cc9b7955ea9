using CtecSkills.Core.Data;
using CtecSkills.Core.Text;
using CtecSkills.Core.Verification;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Portfolio;

public enum ShareStatus
{
    Active,
    Expired,
    Revoked,
}

public enum CreateShareError
{
    None,
    NothingChosen,

    /// <summary>An id that is not one of the learner's credentials or completed courses (or does not exist).</summary>
    NotYours,
    BadLifetime,
    LabelTooLong,
    TooManyActive,
}

public sealed record CreateShareInput
{
    public IReadOnlyCollection<long> CredentialIds { get; init; } = [];
    public IReadOnlyCollection<int> EnrollmentIds { get; init; } = [];
    public int LifetimeDays { get; init; }
    public string? Label { get; init; }
}

/// <summary>A made link's id and its token: the only moment the token exists outside the learner's hands (only its hash is stored).</summary>
public sealed record CreateShareResult(int? ShareId, CreateShareError Error, string? Token = null);

/// <summary>What the learner may put in a link: every credential of theirs and every course they completed.</summary>
public sealed record ShareableItems(IReadOnlyList<ShareableCredential> Credentials, IReadOnlyList<ShareableCourse> Courses);

public sealed record ShareableCredential(long Id, string AchievementName, string IssuerName, DateTimeOffset IssuedOn);

public sealed record ShareableCourse(int EnrollmentId, string CourseTitle, string BaseName, DateTimeOffset CompletedAt);

/// <summary>One view as the learner sees it: when, and which organization (null: an anonymous visitor).</summary>
public sealed record ShareViewEntry(DateTimeOffset At, string? Organization);

/// <summary>One of the learner's links with what it shows and who looked at it.</summary>
public sealed record ShareSummary(int Id, string? Label, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, ShareStatus Status,
    IReadOnlyList<string> Items, int ViewCount, IReadOnlyList<ShareViewEntry> LatestViews);

/// <summary>Who opens a share page: the account (if signed in) and whether it acts for an organization.</summary>
public sealed record ShareViewer(string? UserId, bool IsVerifier, bool IsStaff)
{
    public static ShareViewer Anonymous { get; } = new(null, false, false);
}

public sealed record SharedCredential(string Code, string AchievementName, string IssuerName, DateTimeOffset IssuedOn, DateTimeOffset? ValidUntil,
    VerificationStatus Status);

public sealed record SharedCourse(string CourseTitle, string BaseName, DateTimeOffset CompletedAt);

/// <summary>The public page of a link: the holder's name (full or masked), credentials with their current status, courses.</summary>
public sealed record SharedPortfolio(string HolderName, DateTimeOffset ExpiresAt, IReadOnlyList<SharedCredential> Credentials,
    IReadOnlyList<SharedCourse> Courses, bool ViewedByOwner);

public sealed record OpenShareResult(ShareStatus? Status, SharedPortfolio? Portfolio)
{
    public static OpenShareResult NotFound { get; } = new(null, null);
}

/// <summary>
/// Portfolio share links (ADR 0013): a learner picks credentials and completed courses, a lifetime of 7, 30 or 90
/// days and gets an unguessable link; anyone with it sees the items, each credential with its status as the
/// verifier reads it now; every view is logged for the learner, without IP address or user agent.
/// </summary>
public sealed class PortfolioShareService(AppDbContext db, CredentialVerifier verifier, TimeProvider clock)
{
    public const int TokenBytes = 16;
    public const int LabelLength = 60;
    public const int MaxActiveShares = 20;
    public const int ListedShares = 30;
    public const int ViewsOnList = 3;
    public const int ViewsOnDetails = 100;
    public const string VerificationChannel = "share";

    /// <summary>Length of <see cref="PortfolioShare.TokenHash"/>: SHA-256 in hex.</summary>
    public const int TokenHashLength = BearerTokens.HashLength;

    public static readonly IReadOnlyList<int> Lifetimes = [7, 30, 90];

    public async Task<ShareableItems> ShareableAsync(string userId, CancellationToken ct)
    {
        var credentials = await db.IssuedCredentials.AsNoTracking()
            .Where(c => c.UserId == userId)
            .OrderByDescending(c => c.Id)
            .Select(c => new ShareableCredential(c.Id, c.Achievement!.Name, c.IssuerBase!.Name, c.ValidFrom))
            .ToListAsync(ct);
        var courses = await CompletedEnrollments(userId)
            .Select(e => new ShareableCourse(e.Id, e.Cohort!.Course!.Title, e.Cohort.TrainingBase!.Name, e.CompletedAt!.Value))
            .ToListAsync(ct);
        return new ShareableItems(credentials, courses.OrderByDescending(c => c.CompletedAt).ToList());
    }

    /// <summary>All or nothing: one foreign or unknown id and no link is made.</summary>
    public async Task<CreateShareResult> CreateAsync(string userId, CreateShareInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var credentialIds = input.CredentialIds.Distinct().ToList();
        var enrollmentIds = input.EnrollmentIds.Distinct().ToList();
        var label = string.IsNullOrWhiteSpace(input.Label) ? null : input.Label.Trim();
        if (credentialIds.Count + enrollmentIds.Count == 0)
        {
            return Refused(CreateShareError.NothingChosen);
        }
        if (!Lifetimes.Contains(input.LifetimeDays))
        {
            return Refused(CreateShareError.BadLifetime);
        }
        if (label?.Length > LabelLength)
        {
            return Refused(CreateShareError.LabelTooLong);
        }
        var ownCredentials = await db.IssuedCredentials.CountAsync(c => c.UserId == userId && credentialIds.Contains(c.Id), ct);
        var ownCourses = await CompletedEnrollments(userId).CountAsync(e => enrollmentIds.Contains(e.Id), ct);
        if (ownCredentials != credentialIds.Count || ownCourses != enrollmentIds.Count)
        {
            return Refused(CreateShareError.NotYours);
        }
        var now = clock.GetUtcNow();
        if (await db.PortfolioShares.CountAsync(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now, ct) >= MaxActiveShares)
        {
            return Refused(CreateShareError.TooManyActive);
        }

        var token = NewToken();
        var share = new PortfolioShare
        {
            UserId = userId,
            TokenHash = HashToken(token),
            Label = label,
            LifetimeDays = input.LifetimeDays,
            CreatedAt = now,
            ExpiresAt = now.AddDays(input.LifetimeDays),
        };
        share.Items.AddRange(credentialIds.Select(id => new PortfolioShareItem { IssuedCredentialId = id }));
        share.Items.AddRange(enrollmentIds.Select(id => new PortfolioShareItem { EnrollmentId = id }));
        db.PortfolioShares.Add(share);
        await db.SaveChangesAsync(ct);
        return new CreateShareResult(share.Id, CreateShareError.None, token);
    }

    /// <summary>The learner's newest links, each with its items, view count and latest views.</summary>
    public Task<List<ShareSummary>> ListForLearnerAsync(string userId, CancellationToken ct) =>
        SummariesAsync(db.PortfolioShares.Where(s => s.UserId == userId).OrderByDescending(s => s.Id).Take(ListedShares), ViewsOnList, ct);

    /// <summary>One of the learner's links with its latest views; null when it is not theirs.</summary>
    public async Task<ShareSummary?> FindForLearnerAsync(string userId, int shareId, CancellationToken ct) =>
        (await SummariesAsync(db.PortfolioShares.Where(s => s.UserId == userId && s.Id == shareId), ViewsOnDetails, ct)).FirstOrDefault();

    /// <summary>False when the link is not the learner's; revoking twice changes nothing.</summary>
    public async Task<bool> RevokeAsync(string userId, int shareId, CancellationToken ct)
    {
        var share = await db.PortfolioShares.FirstOrDefaultAsync(s => s.UserId == userId && s.Id == shareId, ct);
        if (share is null)
        {
            return false;
        }
        share.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Opens a link for whoever holds it: unknown → <see cref="OpenShareResult.NotFound"/>, expired or revoked → that
    /// status without content; otherwise the portfolio, each credential verified now, and the view logged (unless
    /// the holder looks at their own link).
    /// </summary>
    public async Task<OpenShareResult> OpenAsync(string? token, ShareViewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!BearerTokens.IsWellFormed(token, TokenBytes))
        {
            return OpenShareResult.NotFound;
        }
        var hash = HashToken(token);
        var share = await db.PortfolioShares.AsNoTracking()
            .Where(s => s.TokenHash == hash)
            .Select(s => new { s.Id, s.UserId, s.ExpiresAt, s.RevokedAt, Holder = s.User!.DisplayName })
            .FirstOrDefaultAsync(ct);
        if (share is null)
        {
            return OpenShareResult.NotFound;
        }
        var now = clock.GetUtcNow();
        var status = StatusOf(share.RevokedAt, share.ExpiresAt, now);
        if (status != ShareStatus.Active)
        {
            return new OpenShareResult(status, null);
        }

        var items = db.PortfolioShareItems.AsNoTracking().Where(i => i.PortfolioShareId == share.Id);
        var credentials = await items.Where(i => i.IssuedCredential != null)
            .OrderByDescending(i => i.IssuedCredential!.ValidFrom)
            .Select(i => new
            {
                i.IssuedCredential!.VerificationCode,
                i.IssuedCredential.Achievement!.Name,
                Issuer = i.IssuedCredential.IssuerBase!.Name,
                i.IssuedCredential.ValidFrom,
                i.IssuedCredential.ValidUntil,
                i.IssuedCredential.HolderNamePublic,
            })
            .ToListAsync(ct);
        var courses = await items.Where(i => i.Enrollment != null)
            .Select(i => new SharedCourse(i.Enrollment!.Cohort!.Course!.Title, i.Enrollment.Cohort.TrainingBase!.Name, i.Enrollment.CompletedAt!.Value))
            .ToListAsync(ct);

        // The status is what an outside verifier would get now (published status lists, validity period), so a
        // credential revoked after sharing shows as revoked; each check is also in the verification log.
        var outcomes = await verifier.VerifyCodesAsync([.. credentials.Select(c => c.VerificationCode)], new Verifier(viewer.UserId, VerificationChannel), ct);
        var shared = credentials.Zip(outcomes, (c, outcome) =>
            new SharedCredential(c.VerificationCode, c.Name, c.Issuer, c.ValidFrom, c.ValidUntil, outcome.Status)).ToList();

        var isOwner = viewer.UserId == share.UserId;
        if (!isOwner)
        {
            db.PortfolioShareViews.Add(new PortfolioShareView
            {
                PortfolioShareId = share.Id,
                At = now,
                ViewerOrganization = await OrganizationOfAsync(viewer, ct),
            });
            await db.SaveChangesAsync(ct);
        }
        // One rule for the whole page: the full name only if the holder made it public on a credential shown here.
        var holder = credentials.Any(c => c.HolderNamePublic) ? share.Holder : CredentialVerifier.MaskName(share.Holder);
        return new OpenShareResult(ShareStatus.Active, new SharedPortfolio(holder, share.ExpiresAt, shared,
            [.. courses.OrderByDescending(c => c.CompletedAt)], isOwner));
    }

    private async Task<string?> OrganizationOfAsync(ShareViewer viewer, CancellationToken ct)
    {
        if (viewer.UserId is not { } userId)
        {
            return null;
        }
        if (viewer.IsVerifier)
        {
            var organization = await db.Users.Where(u => u.Id == userId)
                .Join(db.Organizations, u => u.OrganizationId, o => (int?)o.Id, (_, o) => o.Name)
                .FirstOrDefaultAsync(ct);
            if (organization is not null)
            {
                return organization;
            }
        }
        return viewer.IsStaff
            ? await db.BaseMemberships.Where(m => m.UserId == userId).OrderBy(m => m.TrainingBase!.Name).Select(m => m.TrainingBase!.Name).FirstOrDefaultAsync(ct)
            : null;
    }

    private async Task<List<ShareSummary>> SummariesAsync(IQueryable<PortfolioShare> shares, int views, CancellationToken ct)
    {
        var rows = await shares.AsNoTracking()
            .AsSplitQuery()
            .Select(s => new
            {
                s.Id,
                s.Label,
                s.CreatedAt,
                s.ExpiresAt,
                s.RevokedAt,
                Credentials = s.Items.Where(i => i.IssuedCredential != null).Select(i => i.IssuedCredential!.Achievement!.Name).ToList(),
                Courses = s.Items.Where(i => i.Enrollment != null).Select(i => i.Enrollment!.Cohort!.Course!.Title).ToList(),
                ViewCount = s.Views.Count,
                Latest = s.Views.OrderByDescending(v => v.At).ThenByDescending(v => v.Id).Take(views)
                    .Select(v => new ShareViewEntry(v.At, v.ViewerOrganization)).ToList(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. rows.OrderByDescending(r => r.Id).Select(r => new ShareSummary(r.Id, r.Label, r.CreatedAt, r.ExpiresAt,
            StatusOf(r.RevokedAt, r.ExpiresAt, now), [.. r.Credentials, .. r.Courses], r.ViewCount, r.Latest))];
    }

    private IQueryable<Cohorts.Enrollment> CompletedEnrollments(string userId) =>
        db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CompletedAt != null);

    private static ShareStatus StatusOf(DateTimeOffset? revokedAt, DateTimeOffset expiresAt, DateTimeOffset now) =>
        revokedAt is not null ? ShareStatus.Revoked : expiresAt <= now ? ShareStatus.Expired : ShareStatus.Active;

    /// <summary>What is stored for a token: SHA-256 of its UTF-8 bytes, lowercase hex (the migration computes the same in SQL).</summary>
    public static string HashToken(string token) => BearerTokens.Hash(token);

    private static string NewToken() => BearerTokens.New(TokenBytes);

    private static CreateShareResult Refused(CreateShareError error) => new(null, error);
}
