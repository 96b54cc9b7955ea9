using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Mail;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Portfolio;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Sms;
using CtecSkills.Core.Verification;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Privacy;

/// <summary>
/// Reads everything the platform holds about one person, kind by kind, the way the database holds it: the rows of
/// every table that names the person (their account id, their phone, one of their enrollments, credentials or share
/// links). Staff appear only as "staff" and by their base, never by name or account.
/// </summary>
public sealed class PersonalDataCollector(AppDbContext db)
{
    /// <summary>The person's data, section by section; null when there is no such account.</summary>
    public async Task<List<PersonalDataSection>?> CollectAsync(string userId, CancellationToken ct)
    {
        if (await PersonAsync(userId, ct) is not { } person)
        {
            return null;
        }
        var user = person.User;
        var sections = new List<PersonalDataSection>();

        var place = user.LocalityCode is null ? null
            : await db.Localities.AsNoTracking().Where(l => l.Code == user.LocalityCode).Select(l => l.ProvinceName + " " + l.Name).FirstOrDefaultAsync(ct);
        var organization = user.OrganizationId is null ? null
            : await db.Organizations.AsNoTracking().Where(o => o.Id == user.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        sections.Add(new PersonalDataSection("profile", "AspNetUsers",
                "id", "name", "phone", "email", "gender", "birthYear", "homePlaceCode", "homePlace", "area", "group", "createdAt",
                "language", "organization", "createdByRosterOfCohort", "privacyNoticeVersion", "privacyAcceptedAt")
            .Add(user.Id, user.DisplayName, user.PhoneNumber, user.Email, user.Gender, user.BirthYear, user.LocalityCode, place, user.Area, user.LearnerGroup,
                user.CreatedAt, user.Culture, organization, user.CreatedByRosterOfCohortId, user.PrivacyNoticeVersion, user.PrivacyAcceptedAt));

        var roles = new PersonalDataSection("roles", "AspNetUserRoles", "role");
        foreach (var role in await Roles(person)
                     .Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).ToListAsync(ct))
        {
            roles.Add(role);
        }
        sections.Add(roles);

        var memberships = new PersonalDataSection("staffOfBases", "BaseMemberships", "baseId", "base");
        foreach (var m in await Memberships(person)
                     .Select(m => new { m.TrainingBaseId, m.TrainingBase!.Name }).OrderBy(m => m.TrainingBaseId).ToListAsync(ct))
        {
            memberships.Add(m.TrainingBaseId, m.Name);
        }
        sections.Add(memberships);

        var enrollments = await Enrollments(person).OrderBy(e => e.Id)
            .Select(e => new
            {
                e.Id,
                e.CohortId,
                Cohort = e.Cohort!.Name,
                Course = e.Cohort.Course!.Title,
                Base = e.Cohort.TrainingBase!.Name,
                e.Status,
                e.Source,
                e.EnrolledAt,
                e.WaitlistedAt,
                e.WithdrawnAt,
                e.CompletedAt,
                e.CompletionMethod,
                e.LastActivityAt,
            })
            .ToListAsync(ct);
        var section = new PersonalDataSection("enrollments", "Enrollments",
            "id", "course", "class", "base", "status", "source", "enrolledAt", "waitlistedAt", "withdrawnAt", "completedAt", "completionMethod", "lastActivityAt");
        foreach (var e in enrollments)
        {
            section.Add(e.Id, e.Course, e.Cohort, e.Base, e.Status, e.Source, e.EnrolledAt, e.WaitlistedAt, e.WithdrawnAt, e.CompletedAt,
                e.CompletionMethod, e.LastActivityAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("lessonProgress", "LessonProgress", "id", "course", "lessonNumber", "lesson", "firstReadAt");
        foreach (var p in await LessonsRead(person).OrderBy(p => p.Id)
                     .Select(p => new
                     {
                         p.Id,
                         Course = db.Courses.Where(c => c.Id == p.Lesson!.CourseId).Select(c => c.Title).FirstOrDefault(),
                         p.Lesson!.Number,
                         p.Lesson.Title,
                         p.FirstReadAt,
                     })
                     .ToListAsync(ct))
        {
            section.Add(p.Id, p.Course, p.Number, p.Title, p.FirstReadAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("offlineSteps", "KeyedSteps", "id", "key", "kind", "lessonOrCourseId", "counted", "quizAttemptId", "appliedAt");
        foreach (var k in await OfflineSteps(person).OrderBy(k => k.Id).ToListAsync(ct))
        {
            section.Add(k.Id, k.Key, k.Kind, k.TargetId, k.Counted, k.QuizAttemptId, k.AppliedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("quizAttempts", "QuizAttempts", "id", "quiz", "attempt", "score", "passed", "answers", "submittedAt");
        foreach (var a in await QuizAttempts(person).OrderBy(a => a.Id)
                     .Select(a => new { a.Id, a.Quiz!.Title, a.Number, a.Score, a.Passed, a.Answers, a.SubmittedAt }).ToListAsync(ct))
        {
            section.Add(a.Id, a.Title, a.Number, a.Score, a.Passed, a.Answers, a.SubmittedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("attendance", "Attendance",
            "id", "enrollmentId", "sessionStartsAt", "place", "hours", "method", "recordedAt", "markedByStaff");
        foreach (var a in await Attendance(person).OrderBy(a => a.Id)
                     .Select(a => new { a.Id, a.EnrollmentId, a.Session!.StartsAt, a.Session.Place, a.Session.Hours, a.Method, a.RecordedAt, a.RecordedByUserId })
                     .ToListAsync(ct))
        {
            section.Add(a.Id, a.EnrollmentId, a.StartsAt, a.Place, a.Hours, a.Method, a.RecordedAt, a.RecordedByUserId is not null);
        }
        sections.Add(section);

        section = new PersonalDataSection("attendanceStruck", "AttendanceStrikes", "id", "enrollmentId", "sessionStartsAt", "place", "struckAt");
        foreach (var s in await AttendanceStrikes(person).OrderBy(s => s.Id)
                     .Select(s => new { s.Id, s.EnrollmentId, s.Session!.StartsAt, s.Session.Place, s.StruckAt }).ToListAsync(ct))
        {
            section.Add(s.Id, s.EnrollmentId, s.StartsAt, s.Place, s.StruckAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("issuanceRequests", "IssuanceRequests", "id", "enrollmentId", "requestedAt", "processedAt", "attempts", "lastError");
        foreach (var r in await IssuanceRequests(person).OrderBy(r => r.Id).ToListAsync(ct))
        {
            section.Add(r.Id, r.EnrollmentId, r.RequestedAt, r.ProcessedAt, r.Attempts, r.LastError);
        }
        sections.Add(section);

        var credentials = await Credentials(person).OrderBy(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.CredentialId,
                c.VerificationCode,
                c.EnrollmentId,
                Achievement = c.Achievement!.Name,
                Issuer = c.IssuerBase!.Name,
                c.IssuedAt,
                c.ValidFrom,
                c.ValidUntil,
                c.RevokedAt,
                c.SuspendedAt,
                c.StatusReason,
                c.HolderNamePublic,
                c.ReplacedByCredentialId,
            })
            .ToListAsync(ct);
        section = new PersonalDataSection("credentials", "IssuedCredentials",
            "id", "verificationCode", "credentialId", "enrollmentId", "achievement", "issuer", "issuedAt", "validFrom", "validUntil", "revokedAt",
            "suspendedAt", "statusReason", "fullNameShownToVerifiers", "replacedBy", "files");
        foreach (var c in credentials)
        {
            section.Add(c.Id, c.VerificationCode, c.CredentialId, c.EnrollmentId, c.Achievement, c.Issuer, c.IssuedAt, c.ValidFrom, c.ValidUntil,
                c.RevokedAt, c.SuspendedAt, c.StatusReason, c.HolderNamePublic, c.ReplacedByCredentialId, PersonalDataExportBuilder.CredentialFolder(c.VerificationCode));
        }
        sections.Add(section);

        // The token is the link's whole secret: it is not part of what the person needs back (and may be stored hashed).
        var shares = await ShareLinks(person).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Label, s.LifetimeDays, s.CreatedAt, s.ExpiresAt, s.RevokedAt }).ToListAsync(ct);
        section = new PersonalDataSection("shareLinks", "PortfolioShares", "id", "label", "lifetimeDays", "createdAt", "expiresAt", "revokedAt");
        foreach (var s in shares)
        {
            section.Add(s.Id, s.Label, s.LifetimeDays, s.CreatedAt, s.ExpiresAt, s.RevokedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("shareLinkContents", "PortfolioShareItems", "id", "shareLinkId", "credentialCode", "enrollmentId");
        foreach (var i in await ShareLinkContents(person)
                     .OrderBy(i => i.Id)
                     .Select(i => new { i.Id, i.PortfolioShareId, Code = i.IssuedCredential!.VerificationCode, i.EnrollmentId })
                     .ToListAsync(ct))
        {
            section.Add(i.Id, i.PortfolioShareId, i.Code, i.EnrollmentId);
        }
        sections.Add(section);

        section = new PersonalDataSection("shareLinkViews", "PortfolioShareViews", "id", "shareLinkId", "viewedAt", "viewerOrganization");
        foreach (var v in await ShareLinkViews(person).OrderBy(v => v.Id).ToListAsync(ct))
        {
            section.Add(v.Id, v.PortfolioShareId, v.At, v.ViewerOrganization);
        }
        sections.Add(section);

        // As with share links, the token (and its hash) is the offer's whole secret and stays out of the file.
        section = new PersonalDataSection("walletOffers", "WalletOffers", "id", "credentialCode", "createdAt", "expiresAt", "cancelledAt", "fetchCount",
            "lastFetchedAt");
        foreach (var o in await WalletOffers(person).OrderBy(o => o.Id)
                     .Select(o => new { o.Id, o.IssuedCredential!.VerificationCode, o.CreatedAt, o.ExpiresAt, o.CancelledAt, o.FetchCount, o.LastFetchedAt })
                     .ToListAsync(ct))
        {
            section.Add(o.Id, o.VerificationCode, o.CreatedAt, o.ExpiresAt, o.CancelledAt, o.FetchCount, o.LastFetchedAt);
        }
        sections.Add(section);

        // Which organizations checked the person's credentials: the organization, never the verifier's own account.
        section = new PersonalDataSection("credentialVerifications", "VerificationLogs", "id", "verifiedAt", "organization", "credentialCode", "channel", "outcome");
        foreach (var l in await CredentialVerifications(person)
                     .OrderBy(l => l.Id)
                     .Select(l => new
                     {
                         l.Id,
                         l.At,
                         Organization = db.Organizations.Where(o => o.Id == l.OrganizationId).Select(o => o.Name).FirstOrDefault(),
                         l.CredentialCode,
                         l.Channel,
                         l.Outcome,
                     })
                     .ToListAsync(ct))
        {
            section.Add(l.Id, l.At, l.Organization, l.CredentialCode, l.Channel, l.Outcome);
        }
        sections.Add(section);

        section = new PersonalDataSection("verificationsYouMade", "VerificationLogs", "id", "verifiedAt", "credentialCode", "channel", "outcome");
        foreach (var l in await VerificationsMade(person).OrderBy(l => l.Id).ToListAsync(ct))
        {
            section.Add(l.Id, l.At, l.CredentialCode, l.Channel, l.Outcome);
        }
        sections.Add(section);

        section = new PersonalDataSection("verifierApplications", "VerifierApplications",
            "id", "organization", "organizationKind", "placeCode", "contactName", "email", "status", "appliedAt", "decidedAt", "decisionReason");
        foreach (var a in await VerifierApplications(person).OrderBy(a => a.Id).ToListAsync(ct))
        {
            section.Add(a.Id, a.OrganizationName, a.OrganizationKind, a.LocalityCode, a.ContactName, a.Email, a.Status, a.CreatedAt, a.DecidedAt, a.DecisionReason);
        }
        sections.Add(section);

        section = new PersonalDataSection("messages", "OutboundMessages", "id", "phone", "text", "state", "createdAt", "sentAt");
        foreach (var m in await Messages(person).OrderBy(m => m.Id).ToListAsync(ct))
        {
            // A sign-in code is emptied once it has left; one still on its way is not copied into a file either.
            section.Add(m.Id, m.Phone, m.Secret ? "" : m.Text, m.State, m.CreatedAt, m.SentAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("signInCodes", "SmsCodes", "id", "phone", "sentAt", "expiresAt", "usedAt", "wrongTries");
        foreach (var c in await SignInCodes(person).OrderBy(c => c.Id).ToListAsync(ct))
        {
            section.Add(c.Id, c.Phone, c.CreatedAt, c.ExpiresAt, c.UsedAt, c.FailedAttempts);
        }
        sections.Add(section);

        section = new PersonalDataSection("testSmsOutbox", "SmsOutbox", "id", "phone", "text", "createdAt");
        foreach (var m in await TestSmsOutbox(person).OrderBy(m => m.Id).ToListAsync(ct))
        {
            section.Add(m.Id, m.Phone, m.Text, m.CreatedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("testMailOutbox", "MailOutbox", "id", "to", "subject", "createdAt");
        foreach (var m in await TestMailOutbox(person).OrderBy(m => m.Id).ToListAsync(ct))
        {
            section.Add(m.Id, m.To, m.Subject, m.CreatedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("consent", "ConsentRecords", "id", "noticeVersion", "at", "given", "way");
        foreach (var c in await Consent(person).OrderBy(c => c.Id).ToListAsync(ct))
        {
            section.Add(c.Id, c.NoticeVersion, c.At, c.Given, c.Way);
        }
        sections.Add(section);

        section = new PersonalDataSection("reminders", "RemindersSent", "id", "day", "kind", "sentAt");
        foreach (var r in await Reminders(person).OrderBy(r => r.Id).ToListAsync(ct))
        {
            section.Add(r.Id, r.Day, r.Kind, r.SentAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("auditEntries", "AuditLog", "id", "at", "action", "subject", "byYou", "base", "reason");
        foreach (var a in await AuditEntries(person).OrderBy(a => a.Id)
                     .Select(a => new
                     {
                         a.Id,
                         a.At,
                         a.Action,
                         a.Subject,
                         ByYou = a.ActorUserId == userId,
                         Base = db.TrainingBases.Where(b => b.Id == a.TrainingBaseId).Select(b => b.Name).FirstOrDefault(),
                         a.Reason,
                     })
                     .ToListAsync(ct))
        {
            section.Add(a.Id, a.At, a.Action, a.Subject, a.ByYou, a.Base, a.Reason);
        }
        sections.Add(section);

        section = new PersonalDataSection("dataExports", "DataExports", "id", "requestedAt", "requestedByYou", "reason", "state", "finishedAt", "expiresAt");
        foreach (var x in await DataExports(person).OrderBy(x => x.Id)
                     .Select(x => new { x.Id, x.RequestedAt, x.RequestedByUserId, x.Reason, x.State, x.FinishedAt, x.ExpiresAt }).ToListAsync(ct))
        {
            section.Add(x.Id, x.RequestedAt, x.RequestedByUserId == userId, x.Reason, x.State, x.FinishedAt, x.ExpiresAt);
        }
        sections.Add(section);

        return sections;
    }

    /// <summary>
    /// How many rows each section of <see cref="CollectAsync"/> would hold, by section key, counted in the database from
    /// the same queries (so "我的数据" shows the counts without building the download); null when there is no such account.
    /// </summary>
    public async Task<Dictionary<string, int>?> CountAsync(string userId, CancellationToken ct)
    {
        if (await PersonAsync(userId, ct) is not { } person)
        {
            return null;
        }
        return new(StringComparer.Ordinal)
        {
            ["profile"] = 1,
            ["roles"] = await Roles(person).CountAsync(ct),
            ["staffOfBases"] = await Memberships(person).CountAsync(ct),
            ["enrollments"] = person.EnrollmentIds.Count,
            ["lessonProgress"] = await LessonsRead(person).CountAsync(ct),
            ["offlineSteps"] = await OfflineSteps(person).CountAsync(ct),
            ["quizAttempts"] = await QuizAttempts(person).CountAsync(ct),
            ["attendance"] = await Attendance(person).CountAsync(ct),
            ["attendanceStruck"] = await AttendanceStrikes(person).CountAsync(ct),
            ["issuanceRequests"] = await IssuanceRequests(person).CountAsync(ct),
            ["credentials"] = person.CredentialIds.Count,
            ["shareLinks"] = person.ShareIds.Count,
            ["shareLinkContents"] = await ShareLinkContents(person).CountAsync(ct),
            ["shareLinkViews"] = await ShareLinkViews(person).CountAsync(ct),
            ["walletOffers"] = await WalletOffers(person).CountAsync(ct),
            ["credentialVerifications"] = await CredentialVerifications(person).CountAsync(ct),
            ["verificationsYouMade"] = await VerificationsMade(person).CountAsync(ct),
            ["verifierApplications"] = await VerifierApplications(person).CountAsync(ct),
            ["messages"] = await Messages(person).CountAsync(ct),
            ["signInCodes"] = await SignInCodes(person).CountAsync(ct),
            ["testSmsOutbox"] = await TestSmsOutbox(person).CountAsync(ct),
            ["testMailOutbox"] = await TestMailOutbox(person).CountAsync(ct),
            ["consent"] = await Consent(person).CountAsync(ct),
            ["reminders"] = await Reminders(person).CountAsync(ct),
            ["auditEntries"] = await AuditEntries(person).CountAsync(ct),
            ["dataExports"] = await DataExports(person).CountAsync(ct),
        };
    }

    /// <summary>The account and the keys other tables name the person by: their enrollments, credentials and share links.</summary>
    private sealed record Person(
        AppUser User, List<int> EnrollmentIds, List<long> CredentialIds, List<string> CredentialUrns, List<string> Codes, List<int> ShareIds)
    {
        public string Id => User.Id;
    }

    private async Task<Person?> PersonAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }
        var enrollmentIds = await db.Enrollments.Where(e => e.UserId == userId).Select(e => e.Id).ToListAsync(ct);
        var credentials = await db.IssuedCredentials.Where(c => c.UserId == userId)
            .Select(c => new { c.Id, c.CredentialId, c.VerificationCode }).ToListAsync(ct);
        var shareIds = await db.PortfolioShares.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(ct);
        return new Person(user, enrollmentIds, [.. credentials.Select(c => c.Id)], [.. credentials.Select(c => c.CredentialId)],
            [.. credentials.Select(c => c.VerificationCode)], shareIds);
    }

    // One query per section, used both to read its rows and to count them.
    private IQueryable<IdentityUserRole<string>> Roles(Person p) => db.UserRoles.AsNoTracking().Where(r => r.UserId == p.Id);

    private IQueryable<BaseMembership> Memberships(Person p) => db.BaseMemberships.AsNoTracking().Where(m => m.UserId == p.Id);

    private IQueryable<Enrollment> Enrollments(Person p) => db.Enrollments.AsNoTracking().Where(e => e.UserId == p.Id);

    private IQueryable<LessonProgress> LessonsRead(Person p) => db.LessonProgress.AsNoTracking().Where(x => x.UserId == p.Id);

    private IQueryable<KeyedStep> OfflineSteps(Person p) => db.KeyedSteps.AsNoTracking().Where(k => k.UserId == p.Id);

    private IQueryable<QuizAttempt> QuizAttempts(Person p) => db.QuizAttempts.AsNoTracking().Where(a => a.UserId == p.Id);

    private IQueryable<AttendanceRecord> Attendance(Person p) => db.Attendance.AsNoTracking().Where(a => p.EnrollmentIds.Contains(a.EnrollmentId));

    private IQueryable<AttendanceStrike> AttendanceStrikes(Person p) =>
        db.AttendanceStrikes.AsNoTracking().Where(s => p.EnrollmentIds.Contains(s.EnrollmentId));

    private IQueryable<IssuanceRequest> IssuanceRequests(Person p) =>
        db.IssuanceRequests.AsNoTracking().Where(r => p.EnrollmentIds.Contains(r.EnrollmentId));

    private IQueryable<IssuedCredential> Credentials(Person p) => db.IssuedCredentials.AsNoTracking().Where(c => c.UserId == p.Id);

    private IQueryable<PortfolioShare> ShareLinks(Person p) => db.PortfolioShares.AsNoTracking().Where(s => s.UserId == p.Id);

    private IQueryable<PortfolioShareItem> ShareLinkContents(Person p) =>
        db.PortfolioShareItems.AsNoTracking().Where(i => p.ShareIds.Contains(i.PortfolioShareId)
            || (i.IssuedCredentialId != null && p.CredentialIds.Contains(i.IssuedCredentialId.Value))
            || (i.EnrollmentId != null && p.EnrollmentIds.Contains(i.EnrollmentId.Value)));

    private IQueryable<PortfolioShareView> ShareLinkViews(Person p) =>
        db.PortfolioShareViews.AsNoTracking().Where(v => p.ShareIds.Contains(v.PortfolioShareId));

    private IQueryable<WalletOffer> WalletOffers(Person p) => db.WalletOffers.AsNoTracking().Where(o => o.UserId == p.Id);

    private IQueryable<VerificationLog> CredentialVerifications(Person p) =>
        db.VerificationLogs.AsNoTracking().Where(l => (l.CredentialId != null && p.CredentialUrns.Contains(l.CredentialId))
            || (l.CredentialCode != null && p.Codes.Contains(l.CredentialCode)));

    private IQueryable<VerificationLog> VerificationsMade(Person p) => db.VerificationLogs.AsNoTracking().Where(l => l.UserId == p.Id);

    private IQueryable<VerifierApplication> VerifierApplications(Person p) => db.VerifierApplications.AsNoTracking().Where(a => a.UserId == p.Id);

    private IQueryable<OutboundMessage> Messages(Person p) =>
        db.OutboundMessages.AsNoTracking().Where(m => (p.User.PhoneNumber != null && m.Phone == p.User.PhoneNumber) || m.Key.Contains(p.Id));

    private IQueryable<SmsCode> SignInCodes(Person p) => db.SmsCodes.AsNoTracking().Where(c => c.Phone == p.User.PhoneNumber);

    private IQueryable<SmsOutboxMessage> TestSmsOutbox(Person p) => db.SmsOutbox.AsNoTracking().Where(m => m.Phone == p.User.PhoneNumber);

    private IQueryable<MailOutboxMessage> TestMailOutbox(Person p) =>
        db.MailOutbox.AsNoTracking().Where(m => p.User.Email != null && m.To == p.User.Email);

    private IQueryable<ConsentRecord> Consent(Person p) => db.ConsentRecords.AsNoTracking().Where(c => c.UserId == p.Id);

    private IQueryable<ReminderSent> Reminders(Person p) => db.RemindersSent.AsNoTracking().Where(r => r.UserId == p.Id);

    private IQueryable<AuditEntry> AuditEntries(Person p)
    {
        List<string> subjects =
        [
            AuditActions.UserSubject(p.Id), .. p.EnrollmentIds.Select(AuditActions.EnrollmentSubject), .. p.Codes.Select(AuditActions.CredentialSubject),
        ];
        return db.AuditLog.AsNoTracking().Where(a => a.ActorUserId == p.Id || subjects.Contains(a.Subject));
    }

    private IQueryable<DataExport> DataExports(Person p) => db.DataExports.AsNoTracking().Where(x => x.UserId == p.Id);
}
