using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Core.Seeding;

/// <summary>The demo's credentials of each kind, by 核验码, for the start-up line, the sample batch file and the tests.</summary>
public sealed record DemoCodes(string Valid, string RecognizedOtherWay, string Expired, string Suspended, string Revoked)
{
    public IEnumerable<(string Kind, string Code)> All =>
        [("valid", Valid), ("valid-other-region", RecognizedOtherWay), ("expired", Expired), ("suspended", Suspended), ("revoked", Revoked)];
}

/// <summary>
/// What the demo needs to show everything at first start (Seed:Showcase, Development only): recognition agreements both
/// ways between Sichuan and Chongqing, credentials in demo learners' wallets in every state — issued, suspended and
/// revoked through the real issuing and status code, so signatures, status lists and the published keys are real —
/// and one learner half-way through a course. Idempotent: each part looks for what it made before.
/// </summary>
public sealed class DemoShowcaseSeeder(
    AppDbContext db,
    RecognitionService recognition,
    LearningEventService events,
    CredentialIssuer issuer,
    CredentialService credentials,
    IServiceProvider services,
    TimeProvider clock)
{
    public const string SichuanProvince = "510000";
    public const string ChongqingProvince = "500000";
    public const string AgreementFromSichuan = "川渝人社发〔2026〕演示1号";
    public const string AgreementFromChongqing = "川渝人社发〔2026〕演示2号";
    public const string CompletionReason = "演示数据：在基地线下学完";

    /// <summary>The learner half-way through a course: demo learner 2 (139 0000 0002).</summary>
    public const int HalfWayLearner = 1;

    // Which placed demo learner holds which kind (indexes into DemoSeeder.LearnerNames); chosen below by cohort.
    private sealed record Seat(int EnrollmentId, int CohortId, int LearnerIndex, string Province, int CourseId, CourseCategory Category,
        CourseLevel Level, string CourseTitle, int? ValidityMonths);

    public async Task SeedAsync(CancellationToken ct)
    {
        var admin = await db.Users.Where(u => u.Email == DemoSeeder.AdminEmail).Select(u => u.Id).FirstOrDefaultAsync(ct);
        var seats = await SeatsAsync(ct);
        var sichuan = seats.FirstOrDefault(s => s.Province == SichuanProvince && s.LearnerIndex != HalfWayLearner);
        var chongqing = seats.FirstOrDefault(s => s.Province == ChongqingProvince && s.LearnerIndex != HalfWayLearner);
        if (admin is null || sichuan is null || chongqing is null)
        {
            return;
        }
        await AgreeAsync(AgreementFromSichuan, sichuan, ChongqingProvince, "重庆", admin, ct);
        await AgreeAsync(AgreementFromChongqing, chongqing, SichuanProvince, "四川", admin, ct);

        if (await FindCodesAsync(ct) is null)
        {
            await IssueAsync(seats, sichuan, chongqing, admin, ct);
        }
        await HalfWayAsync(seats, ct);
    }

    /// <summary>The demo credentials' codes, or null before they are issued.</summary>
    public async Task<DemoCodes?> FindCodesAsync(CancellationToken ct)
    {
        var phones = Enumerable.Range(0, DemoSeeder.LearnerNames.Count).Select(DemoSeeder.LearnerPhone).ToList();
        var rows = await db.IssuedCredentials.AsNoTracking()
            .Where(c => c.Enrollment!.CompletionMethod == CompletionMethod.Manual && phones.Contains(c.Enrollment.User!.PhoneNumber!))
            .OrderBy(c => c.Id)
            .Select(c => new { c.VerificationCode, c.RevokedAt, c.SuspendedAt, c.ValidUntil, Province = c.IssuerBase!.Locality!.ProvinceCode })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var live = rows.Where(r => r.RevokedAt is null && r.SuspendedAt is null && (r.ValidUntil is null || r.ValidUntil > now)).ToList();
        var valid = live.FirstOrDefault(r => r.Province == SichuanProvince)?.VerificationCode;
        var other = live.FirstOrDefault(r => r.Province == ChongqingProvince)?.VerificationCode;
        var expired = rows.FirstOrDefault(r => r.RevokedAt is null && r.SuspendedAt is null && r.ValidUntil <= now)?.VerificationCode;
        var suspended = rows.FirstOrDefault(r => r.RevokedAt is null && r.SuspendedAt is not null)?.VerificationCode;
        var revoked = rows.FirstOrDefault(r => r.RevokedAt is not null)?.VerificationCode;
        return valid is null || other is null || expired is null || suspended is null || revoked is null
            ? null
            : new DemoCodes(valid, other, expired, suspended, revoked);
    }

    /// <summary>A batch file as HR keep one (the 核验码 column), made of the demo's codes and one that does not exist.</summary>
    public async Task<byte[]?> SampleBatchCsvAsync(CancellationToken ct)
    {
        var codes = await FindCodesAsync(ct);
        if (codes is null)
        {
            return null;
        }
        var lines = new List<string> { "姓名,核验码" };
        var names = new[] { "应聘者甲", "应聘者乙", "应聘者丙", "应聘者丁", "应聘者戊" };
        lines.AddRange(codes.All.Select((c, i) => $"{names[i]},{Display(c.Code)}"));
        lines.Add("应聘者己,ABCD-EFGH-JKL");
        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")];
    }

    public static string Display(string code) => VerificationCode.Parse(code).Code?.ToDisplayString() ?? code;

    private async Task AgreeAsync(string reference, Seat covered, string recognizedIn, string recognizedInName, string admin, CancellationToken ct)
    {
        if (await db.RecognitionAgreements.AnyAsync(a => a.Reference == reference, ct))
        {
            return;
        }
        var today = Regions.BeijingTime.Today(clock);
        var (_, problems) = await recognition.CreateAsync(new AgreementInput(
            reference, covered.Province, recognizedIn, covered.Category, covered.Level, null,
            $"{recognizedInName}数字技能培训合格（与“{covered.CourseTitle}”同类同级）", today.AddMonths(-30), null), admin, ct);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Demo agreement {reference}: {string.Join(", ", problems)}");
        }
    }

    private async Task IssueAsync(List<Seat> seats, Seat valid, Seat otherRegion, string admin, CancellationToken ct)
    {
        var used = new HashSet<int> { valid.EnrollmentId, otherRegion.EnrollmentId };
        Seat Next(Func<Seat, bool> where)
        {
            var seat = seats.First(s => !used.Contains(s.EnrollmentId) && s.LearnerIndex != HalfWayLearner && where(s));
            used.Add(seat.EnrollmentId);
            return seat;
        }
        var suspended = Next(s => s.CohortId == valid.CohortId || s.Province == SichuanProvince);
        var revoked = Next(s => s.Province == SichuanProvince);
        // The one kind of certificate that expires (AchievementSeeder), issued as if two years and a month ago.
        var expired = Next(s => s.ValidityMonths is not null);

        var actor = new BaseActor(admin, IsAdmin: true);
        foreach (var seat in new[] { valid, otherRegion, suspended, revoked, expired })
        {
            await events.CompleteManuallyAsync(seat.EnrollmentId, seat.CohortId, actor, CompletionReason, ct);
        }
        await issuer.IssueForEnrollmentsAsync([valid.EnrollmentId, otherRegion.EnrollmentId, suspended.EnrollmentId, revoked.EnrollmentId], ct);
        var then = new ShiftedClock(clock, clock.GetUtcNow().AddMonths(-(expired.ValidityMonths!.Value + 1)) - clock.GetUtcNow());
        await using (var scope = services.CreateAsyncScope())
        {
            var pastIssuer = ActivatorUtilities.CreateInstance<CredentialIssuer>(scope.ServiceProvider, then,
                ActivatorUtilities.CreateInstance<SignedCredentialBuilder>(scope.ServiceProvider, then));
            await pastIssuer.IssueForEnrollmentsAsync([expired.EnrollmentId], ct);
        }

        async Task ChangeAsync(Seat seat, StatusChange change, string reason)
        {
            var code = await db.IssuedCredentials.Where(c => c.EnrollmentId == seat.EnrollmentId).Select(c => c.VerificationCode).FirstAsync(ct);
            await credentials.ChangeStatusAsync(code, change, reason, actor, ct);
        }
        await ChangeAsync(suspended, StatusChange.Suspend, "演示：核实学时期间暂停");
        await ChangeAsync(revoked, StatusChange.Revoke, "演示：学时记录有误，已撤销");
    }

    /// <summary>Demo learner 2 has read the first half of their course's lessons.</summary>
    private async Task HalfWayAsync(List<Seat> seats, CancellationToken ct)
    {
        var seat = seats.FirstOrDefault(s => s.LearnerIndex == HalfWayLearner);
        if (seat is null)
        {
            return;
        }
        var userId = await db.Users.Where(u => u.PhoneNumber == DemoSeeder.LearnerPhone(HalfWayLearner)).Select(u => u.Id).FirstAsync(ct);
        if (await db.LessonProgress.AnyAsync(p => p.UserId == userId, ct))
        {
            return;
        }
        var lessons = await db.Lessons.Where(l => l.CourseId == seat.CourseId).OrderBy(l => l.Number).Select(l => l.Id).ToListAsync(ct);
        foreach (var lessonId in lessons.Take(lessons.Count / 2))
        {
            await events.ReadLessonAsync(userId, lessonId, ct);
        }
    }

    private async Task<List<Seat>> SeatsAsync(CancellationToken ct)
    {
        var phones = Enumerable.Range(0, DemoCohortSeeder.PlacedLearners).Select(DemoSeeder.LearnerPhone).ToList();
        var rows = await db.Enrollments.AsNoTracking()
            .Where(e => e.Status == EnrollmentStatus.Enrolled && phones.Contains(e.User!.PhoneNumber!))
            .OrderBy(e => e.Id)
            .Select(e => new
            {
                e.Id,
                e.CohortId,
                e.User!.PhoneNumber,
                Province = e.Cohort!.TrainingBase!.Locality!.ProvinceCode,
                e.Cohort.CourseId,
                e.Cohort.Course!.Category,
                e.Cohort.Course.Level,
                e.Cohort.Course.Title,
                ValidityMonths = db.Achievements.Where(a => a.CourseId == e.Cohort.CourseId).Select(a => a.ValidityMonths).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new Seat(r.Id, r.CohortId, phones.IndexOf(r.PhoneNumber!), r.Province, r.CourseId, r.Category, r.Level, r.Title,
            r.ValidityMonths))];
    }

    /// <summary>The clock as it read some time ago: the expired demo credential is issued as it would have been then.</summary>
    private sealed class ShiftedClock(TimeProvider inner, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;
    }
}
