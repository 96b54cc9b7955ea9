using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
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
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }
        var phone = user.PhoneNumber;
        var email = user.Email;
        var sections = new List<PersonalDataSection>();

        var place = user.LocalityCode is null ? null
            : await db.Localities.AsNoTracking().Where(l => l.Code == user.LocalityCode).Select(l => l.ProvinceName + " " + l.Name).FirstOrDefaultAsync(ct);
        var organization = user.OrganizationId is null ? null
            : await db.Organizations.AsNoTracking().Where(o => o.Id == user.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        sections.Add(new PersonalDataSection("profile", "AspNetUsers",
                "id", "name", "phone", "email", "gender", "birthYear", "homePlaceCode", "homePlace", "area", "group", "createdAt",
                "language", "organization", "createdByRosterOfCohort", "privacyNoticeVersion", "privacyAcceptedAt")
            .Add(user.Id, user.DisplayName, phone, email, user.Gender, user.BirthYear, user.LocalityCode, place, user.Area, user.LearnerGroup,
                user.CreatedAt, user.Culture, organization, user.CreatedByRosterOfCohortId, user.PrivacyNoticeVersion, user.PrivacyAcceptedAt));

        var roles = new PersonalDataSection("roles", "AspNetUserRoles", "role");
        foreach (var role in await db.UserRoles.AsNoTracking().Where(r => r.UserId == userId)
                     .Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).ToListAsync(ct))
        {
            roles.Add(role);
        }
        sections.Add(roles);

        var memberships = new PersonalDataSection("staffOfBases", "BaseMemberships", "baseId", "base");
        foreach (var m in await db.BaseMemberships.AsNoTracking().Where(m => m.UserId == userId)
                     .Select(m => new { m.TrainingBaseId, m.TrainingBase!.Name }).OrderBy(m => m.TrainingBaseId).ToListAsync(ct))
        {
            memberships.Add(m.TrainingBaseId, m.Name);
        }
        sections.Add(memberships);

        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Id)
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
        var enrollmentIds = enrollments.Select(e => e.Id).ToList();
        var section = new PersonalDataSection("enrollments", "Enrollments",
            "id", "course", "class", "base", "status", "source", "enrolledAt", "waitlistedAt", "withdrawnAt", "completedAt", "completionMethod", "lastActivityAt");
        foreach (var e in enrollments)
        {
            section.Add(e.Id, e.Course, e.Cohort, e.Base, e.Status, e.Source, e.EnrolledAt, e.WaitlistedAt, e.WithdrawnAt, e.CompletedAt,
                e.CompletionMethod, e.LastActivityAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("lessonProgress", "LessonProgress", "id", "course", "lessonNumber", "lesson", "firstReadAt");
        foreach (var p in await db.LessonProgress.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.Id)
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
        foreach (var k in await db.KeyedSteps.AsNoTracking().Where(k => k.UserId == userId).OrderBy(k => k.Id).ToListAsync(ct))
        {
            section.Add(k.Id, k.Key, k.Kind, k.TargetId, k.Counted, k.QuizAttemptId, k.AppliedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("quizAttempts", "QuizAttempts", "id", "quiz", "attempt", "score", "passed", "answers", "submittedAt");
        foreach (var a in await db.QuizAttempts.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Id)
                     .Select(a => new { a.Id, a.Quiz!.Title, a.Number, a.Score, a.Passed, a.Answers, a.SubmittedAt }).ToListAsync(ct))
        {
            section.Add(a.Id, a.Title, a.Number, a.Score, a.Passed, a.Answers, a.SubmittedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("attendance", "Attendance",
            "id", "enrollmentId", "sessionStartsAt", "place", "hours", "method", "recordedAt", "markedByStaff");
        foreach (var a in await db.Attendance.AsNoTracking().Where(a => enrollmentIds.Contains(a.EnrollmentId)).OrderBy(a => a.Id)
                     .Select(a => new { a.Id, a.EnrollmentId, a.Session!.StartsAt, a.Session.Place, a.Session.Hours, a.Method, a.RecordedAt, a.RecordedByUserId })
                     .ToListAsync(ct))
        {
            section.Add(a.Id, a.EnrollmentId, a.StartsAt, a.Place, a.Hours, a.Method, a.RecordedAt, a.RecordedByUserId is not null);
        }
        sections.Add(section);

        section = new PersonalDataSection("attendanceStruck", "AttendanceStrikes", "id", "enrollmentId", "sessionStartsAt", "place", "struckAt");
        foreach (var s in await db.AttendanceStrikes.AsNoTracking().Where(s => enrollmentIds.Contains(s.EnrollmentId)).OrderBy(s => s.Id)
                     .Select(s => new { s.Id, s.EnrollmentId, s.Session!.StartsAt, s.Session.Place, s.StruckAt }).ToListAsync(ct))
        {
            section.Add(s.Id, s.EnrollmentId, s.StartsAt, s.Place, s.StruckAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("issuanceRequests", "IssuanceRequests", "id", "enrollmentId", "requestedAt", "processedAt", "attempts", "lastError");
        foreach (var r in await db.IssuanceRequests.AsNoTracking().Where(r => enrollmentIds.Contains(r.EnrollmentId)).OrderBy(r => r.Id).ToListAsync(ct))
        {
            section.Add(r.Id, r.EnrollmentId, r.RequestedAt, r.ProcessedAt, r.Attempts, r.LastError);
        }
        sections.Add(section);

        var credentials = await db.IssuedCredentials.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id)
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
        var credentialIds = credentials.Select(c => c.Id).ToList();
        var credentialUrns = credentials.Select(c => c.CredentialId).ToList();
        var codes = credentials.Select(c => c.VerificationCode).ToList();
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
        var shares = await db.PortfolioShares.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Label, s.LifetimeDays, s.CreatedAt, s.ExpiresAt, s.RevokedAt }).ToListAsync(ct);
        var shareIds = shares.Select(s => s.Id).ToList();
        section = new PersonalDataSection("shareLinks", "PortfolioShares", "id", "label", "lifetimeDays", "createdAt", "expiresAt", "revokedAt");
        foreach (var s in shares)
        {
            section.Add(s.Id, s.Label, s.LifetimeDays, s.CreatedAt, s.ExpiresAt, s.RevokedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("shareLinkContents", "PortfolioShareItems", "id", "shareLinkId", "credentialCode", "enrollmentId");
        foreach (var i in await db.PortfolioShareItems.AsNoTracking()
                     .Where(i => shareIds.Contains(i.PortfolioShareId)
                         || (i.IssuedCredentialId != null && credentialIds.Contains(i.IssuedCredentialId.Value))
                         || (i.EnrollmentId != null && enrollmentIds.Contains(i.EnrollmentId.Value)))
                     .OrderBy(i => i.Id)
                     .Select(i => new { i.Id, i.PortfolioShareId, Code = i.IssuedCredential!.VerificationCode, i.EnrollmentId })
                     .ToListAsync(ct))
        {
            section.Add(i.Id, i.PortfolioShareId, i.Code, i.EnrollmentId);
        }
        sections.Add(section);

        section = new PersonalDataSection("shareLinkViews", "PortfolioShareViews", "id", "shareLinkId", "viewedAt", "viewerOrganization");
        foreach (var v in await db.PortfolioShareViews.AsNoTracking().Where(v => shareIds.Contains(v.PortfolioShareId)).OrderBy(v => v.Id).ToListAsync(ct))
        {
            section.Add(v.Id, v.PortfolioShareId, v.At, v.ViewerOrganization);
        }
        sections.Add(section);

        // Which organizations checked the person's credentials: the organization, never the verifier's own account.
        section = new PersonalDataSection("credentialVerifications", "VerificationLogs", "id", "verifiedAt", "organization", "credentialCode", "channel", "outcome");
        foreach (var l in await db.VerificationLogs.AsNoTracking()
                     .Where(l => (l.CredentialId != null && credentialUrns.Contains(l.CredentialId)) || (l.CredentialCode != null && codes.Contains(l.CredentialCode)))
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
        foreach (var l in await db.VerificationLogs.AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.Id).ToListAsync(ct))
        {
            section.Add(l.Id, l.At, l.CredentialCode, l.Channel, l.Outcome);
        }
        sections.Add(section);

        section = new PersonalDataSection("verifierApplications", "VerifierApplications",
            "id", "organization", "organizationKind", "placeCode", "contactName", "email", "status", "appliedAt", "decidedAt", "decisionReason");
        foreach (var a in await db.VerifierApplications.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Id).ToListAsync(ct))
        {
            section.Add(a.Id, a.OrganizationName, a.OrganizationKind, a.LocalityCode, a.ContactName, a.Email, a.Status, a.CreatedAt, a.DecidedAt, a.DecisionReason);
        }
        sections.Add(section);

        section = new PersonalDataSection("messages", "OutboundMessages", "id", "phone", "text", "state", "createdAt", "sentAt");
        foreach (var m in await db.OutboundMessages.AsNoTracking().Where(m => (phone != null && m.Phone == phone) || m.Key.Contains(userId))
                     .OrderBy(m => m.Id).ToListAsync(ct))
        {
            // A sign-in code is emptied once it has left; one still on its way is not copied into a file either.
            section.Add(m.Id, m.Phone, m.Secret ? "" : m.Text, m.State, m.CreatedAt, m.SentAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("signInCodes", "SmsCodes", "id", "phone", "sentAt", "expiresAt", "usedAt", "wrongTries");
        foreach (var c in await db.SmsCodes.AsNoTracking().Where(c => c.Phone == phone).OrderBy(c => c.Id).ToListAsync(ct))
        {
            section.Add(c.Id, c.Phone, c.CreatedAt, c.ExpiresAt, c.UsedAt, c.FailedAttempts);
        }
        sections.Add(section);

        section = new PersonalDataSection("testSmsOutbox", "SmsOutbox", "id", "phone", "text", "createdAt");
        foreach (var m in await db.SmsOutbox.AsNoTracking().Where(m => m.Phone == phone).OrderBy(m => m.Id).ToListAsync(ct))
        {
            section.Add(m.Id, m.Phone, m.Text, m.CreatedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("testMailOutbox", "MailOutbox", "id", "to", "subject", "createdAt");
        foreach (var m in await db.MailOutbox.AsNoTracking().Where(m => email != null && m.To == email).OrderBy(m => m.Id).ToListAsync(ct))
        {
            section.Add(m.Id, m.To, m.Subject, m.CreatedAt);
        }
        sections.Add(section);

        section = new PersonalDataSection("consent", "ConsentRecords", "id", "noticeVersion", "at", "given", "way");
        foreach (var c in await db.ConsentRecords.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id).ToListAsync(ct))
        {
            section.Add(c.Id, c.NoticeVersion, c.At, c.Given, c.Way);
        }
        sections.Add(section);

        section = new PersonalDataSection("reminders", "RemindersSent", "id", "day", "kind", "sentAt");
        foreach (var r in await db.RemindersSent.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Id).ToListAsync(ct))
        {
            section.Add(r.Id, r.Day, r.Kind, r.SentAt);
        }
        sections.Add(section);

        var subjects = new List<string> { AuditActions.UserSubject(userId) };
        subjects.AddRange(enrollmentIds.Select(AuditActions.EnrollmentSubject));
        subjects.AddRange(codes.Select(AuditActions.CredentialSubject));
        section = new PersonalDataSection("auditEntries", "AuditLog", "id", "at", "action", "subject", "byYou", "base", "reason");
        foreach (var a in await db.AuditLog.AsNoTracking().Where(a => a.ActorUserId == userId || subjects.Contains(a.Subject)).OrderBy(a => a.Id)
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
        foreach (var x in await db.DataExports.AsNoTracking().Where(x => x.UserId == userId).OrderBy(x => x.Id)
                     .Select(x => new { x.Id, x.RequestedAt, x.RequestedByUserId, x.Reason, x.State, x.FinishedAt, x.ExpiresAt }).ToListAsync(ct))
        {
            section.Add(x.Id, x.RequestedAt, x.RequestedByUserId == userId, x.Reason, x.State, x.FinishedAt, x.ExpiresAt);
        }
        sections.Add(section);

        return sections;
    }
}
