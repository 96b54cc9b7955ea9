using CtecSkills.Core.Audit;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Recognition;

public sealed record AgreementInput(
    string Reference, string IssuedInProvince, string RecognizedInProvince, CourseCategory? Category, CourseLevel? Level,
    int? AchievementId, string LocalStandard, DateOnly ValidFrom, DateOnly? ValidUntil);

public enum AgreementProblem
{
    UnknownProvince,
    SameProvince,
    NoScope,
    BothScopes,
    EndsBeforeStart,
    UnknownAchievement,
}

/// <summary>An achievement an admin can name in an agreement.</summary>
public sealed record AchievementChoice(int Id, string Name);

/// <summary>One line of a verification answer: recognized in this province, under this agreement, as this standard.</summary>
public sealed record Recognition(string ProvinceCode, string ProvinceName, int AgreementId, string Reference, string LocalStandard,
    DateOnly ValidFrom, DateOnly? ValidUntil);

/// <summary>Recognition agreements between the two regions, kept by admins acting for each region's HR authority.</summary>
public sealed class RecognitionService(AppDbContext db, RecognitionCache cache, TimeProvider clock)
{

    public Task<List<RecognitionAgreement>> ListAsync(CancellationToken ct) =>
        db.RecognitionAgreements.AsNoTracking().OrderByDescending(a => a.ValidFrom).ThenBy(a => a.Id).ToListAsync(ct);

    /// <summary>The provinces of the circle, code → name, as the locality reference names them.</summary>
    public async Task<Dictionary<string, string>> ProvincesAsync(CancellationToken ct) =>
        (await db.Localities.AsNoTracking().Select(l => new { l.ProvinceCode, l.ProvinceName }).Distinct().ToListAsync(ct))
            .OrderBy(p => p.ProvinceCode, StringComparer.Ordinal)
            .ToDictionary(p => p.ProvinceCode, p => p.ProvinceName);

    /// <summary>Every achievement, by name, for the "one achievement" choice.</summary>
    public Task<List<AchievementChoice>> AchievementChoicesAsync(CancellationToken ct) =>
        db.Achievements.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id).Select(a => new AchievementChoice(a.Id, a.Name)).ToListAsync(ct);

    public async Task<(int? Id, IReadOnlyList<AgreementProblem> Problems)> CreateAsync(AgreementInput input, string adminUserId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var provinces = await ProvincesAsync(ct);
        var problems = new List<AgreementProblem>();
        if (!provinces.ContainsKey(input.IssuedInProvince) || !provinces.ContainsKey(input.RecognizedInProvince))
        {
            problems.Add(AgreementProblem.UnknownProvince);
        }
        else if (input.IssuedInProvince == input.RecognizedInProvince)
        {
            problems.Add(AgreementProblem.SameProvince);
        }
        if (input.Category is null && input.AchievementId is null)
        {
            problems.Add(AgreementProblem.NoScope);
        }
        if (input.Category is not null && input.AchievementId is not null)
        {
            problems.Add(AgreementProblem.BothScopes);
        }
        if (input.AchievementId is { } achievementId && !await db.Achievements.AnyAsync(a => a.Id == achievementId, ct))
        {
            problems.Add(AgreementProblem.UnknownAchievement);
        }
        if (input.ValidUntil is { } until && until < input.ValidFrom)
        {
            problems.Add(AgreementProblem.EndsBeforeStart);
        }
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        var now = clock.GetUtcNow();
        var agreement = new RecognitionAgreement
        {
            Reference = input.Reference.Trim(),
            IssuedInProvince = input.IssuedInProvince,
            RecognizedInProvince = input.RecognizedInProvince,
            Category = input.Category,
            Level = input.Category is null ? null : input.Level,
            AchievementId = input.AchievementId,
            LocalStandard = input.LocalStandard.Trim(),
            ValidFrom = input.ValidFrom,
            ValidUntil = input.ValidUntil,
            CreatedAt = now,
            CreatedByUserId = adminUserId,
        };
        db.RecognitionAgreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        db.Audit(now, adminUserId, AuditActions.CreateRecognition, AuditActions.RecognitionSubject(agreement.Id), reason: agreement.Reference);
        await db.SaveChangesAsync(ct);
        return (agreement.Id, []);
    }

    /// <summary>Ends an agreement on a day (it still counts that day); credentials checked after it are no longer recognized under it.</summary>
    public async Task<bool> EndAsync(int id, DateOnly lastDay, string adminUserId, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > AuditEntry.ReasonLength)
        {
            throw new ArgumentException($"Ending an agreement needs a reason of at most {AuditEntry.ReasonLength} characters.", nameof(reason));
        }
        var agreement = await db.RecognitionAgreements.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null || lastDay < agreement.ValidFrom)
        {
            return false;
        }
        agreement.ValidUntil = lastDay;
        db.Audit(clock.GetUtcNow(), adminUserId, AuditActions.EndRecognition, AuditActions.RecognitionSubject(id), reason: reason);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Every province where an achievement of this kind, issued by an issuer in <paramref name="issuerProvince"/>, is
    /// recognized on <paramref name="day"/>, and under which agreement (the issuing province itself needs no agreement
    /// and is not listed).
    /// </summary>
    public async Task<List<Recognition>> RecognizedInAsync(string issuerProvince, CourseCategory category, CourseLevel level, int? achievementId,
        DateOnly day, CancellationToken ct) =>
        Matching(cache.Find() ?? await LoadAsync(ct), issuerProvince, new AchievementKind(category, level), achievementId, day);

    /// <summary>
    /// The same for a credential of <paramref name="achievementId"/> issued by the base <paramref name="issuerBaseId"/>,
    /// of the <paramref name="kind"/> the credential itself says (as signed): editing the achievement after issuing
    /// changes nothing for what was issued. The base's province comes from the cached snapshot, so a verification
    /// reads only the credential from the database.
    /// </summary>
    public async Task<List<Recognition>> RecognizedInAsync(int issuerBaseId, AchievementKind kind, int achievementId, DateOnly day, CancellationToken ct)
    {
        var snapshot = cache.Find();
        if (snapshot is null || !snapshot.IssuerProvinces.ContainsKey(issuerBaseId))
        {
            // None held, or the base was created since it was taken.
            snapshot = await LoadAsync(ct);
        }
        return snapshot.IssuerProvinces.TryGetValue(issuerBaseId, out var province)
            ? Matching(snapshot, province, kind, achievementId, day)
            : [];
    }

    private async Task<RecognitionCache.Snapshot> LoadAsync(CancellationToken ct)
    {
        var provinces = await ProvincesAsync(ct);
        var agreements = await db.RecognitionAgreements.AsNoTracking().ToListAsync(ct);
        var issuers = await db.TrainingBases.AsNoTracking()
            .Select(b => new { b.Id, b.Locality!.ProvinceCode })
            .ToDictionaryAsync(b => b.Id, b => b.ProvinceCode, ct);
        return cache.Remember(provinces, agreements, issuers);
    }

    private static List<Recognition> Matching(RecognitionCache.Snapshot snapshot, string issuerProvince, AchievementKind kind, int? achievementId, DateOnly day) =>
        [.. snapshot.Agreements
            .Where(a => a.InForceOn(day) && a.Covers(issuerProvince, kind.Category, kind.Level, achievementId))
            .OrderBy(a => a.RecognizedInProvince, StringComparer.Ordinal).ThenBy(a => a.Id)
            .Select(a => new Recognition(a.RecognizedInProvince, snapshot.Provinces.GetValueOrDefault(a.RecognizedInProvince, a.RecognizedInProvince),
                a.Id, a.Reference, a.LocalStandard, a.ValidFrom, a.ValidUntil))];
}
