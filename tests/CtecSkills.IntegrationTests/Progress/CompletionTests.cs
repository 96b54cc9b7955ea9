using System.Net;
using System.Text;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Progress;

public sealed class CompletionTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private static readonly DemoBase Yubei = DemoSeeder.Bases[4];

    [Fact]
    public async Task LastLesson_TwoRequestsAtOnce_CompletesOnceWithOneIssuanceRequestAndOneFact()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentFacts = await app.FactCountAsync(FactKind.Enrollment, userId);
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        Assert.Equal(enrollmentFacts + 1, await app.FactCountAsync(FactKind.Enrollment, userId));
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 2);
        await app.PassQuizAsync(learner);
        Assert.Null(await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.CompletedAt).SingleAsync()));

        // The last lesson opened twice at the same moment (two taps, or a reload on a slow network).
        var responses = await Task.WhenAll(
            learner.GetAsync($"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/3"),
            learner.GetAsync($"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/3"));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var enrollment = await app.QueryAsync(db => db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == enrollmentId));
        Assert.NotNull(enrollment.CompletedAt);
        Assert.Equal(CompletionMethod.Rule, enrollment.CompletionMethod);
        Assert.Equal(1, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => r.EnrollmentId == enrollmentId)));
        Assert.Equal(1, await app.FactCountAsync(FactKind.Completion, userId));

        var me = await CtecSkillsApp.GetPageAsync(learner, "/me");
        Assert.Contains("已结业", me.Text, StringComparison.Ordinal);
        Assert.Equal("100", me.Document.QuerySelector("progress")!.GetAttribute("value"));
    }

    [Fact]
    public async Task TryComplete_ManyConcurrentCalls_CompletesExactlyOnce()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        await app.PassQuizAsync(learner);
        // Lessons recorded straight in the database, so that nothing has completed the enrollment yet.
        await app.QueryAsync(async db =>
        {
            foreach (var lesson in await db.Lessons.Where(l => db.Courses.Any(c => c.Id == l.CourseId && c.Slug == CtecSkillsApp.TestCourseSlug)).ToListAsync())
            {
                db.LessonProgress.Add(new Core.Catalog.LessonProgress { UserId = userId, LessonId = lesson.Id, FirstReadAt = TimeProvider.System.GetUtcNow() });
            }
            return await db.SaveChangesAsync();
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            app.WithServiceAsync<LearningEventService, CompleteOutcome>(p => p.TryCompleteAsync(enrollmentId, default))));

        Assert.Single(outcomes, o => o == CompleteOutcome.Completed);
        Assert.All(outcomes, o => Assert.Contains(o, new[] { CompleteOutcome.Completed, CompleteOutcome.AlreadyCompleted }));
        Assert.Equal(1, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => r.EnrollmentId == enrollmentId)));
        Assert.Equal(1, await app.FactCountAsync(FactKind.Completion, userId));
    }

    [Fact]
    public async Task CompletionFact_HoldsOnlyTheAnonymizedDimensions()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var (learner, userId) = await app.SignedInLearnerAsync();
        await app.EnrollAsync(learner, userId, cohortId);
        await app.PassQuizAsync(learner);
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 2, 3);

        var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId));
        var fact = await app.QueryAsync(db => db.LearningFacts.AsNoTracking()
            .SingleAsync(f => f.Kind == FactKind.Completion && f.Pseudonym == app.Pseudonym(userId)));
        Assert.Equal(user.LocalityCode, fact.LocalityCode);
        Assert.Equal(user.Gender, fact.Gender);
        Assert.Equal(Core.Catalog.CourseCategory.SafePayment, fact.Category);
        Assert.Equal(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year * 100 + TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Month, fact.Period);

        // Every stored text of the fact row, straight from the table: none of it names or reaches the person.
        var row = await app.QueryAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"LearningFacts\" WHERE \"Id\" = {fact.Id}";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
        });
        Assert.Equal(
            // LearnerKey is 64 bits of the pseudonym (for counting distinct learners); IsSynthetic marks generated facts.
            ["AgeBand", "Area", "Category", "Gender", "Id", "IsSynthetic", "Kind", "LearnerKey", "Level", "LocalityCode", "Period", "Pseudonym", "TargetGroup"],
            row.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(row.Values, v => v.Contains(user.DisplayName, StringComparison.Ordinal)
            || v.Contains(user.PhoneNumber!, StringComparison.Ordinal) || v.Contains(userId, StringComparison.Ordinal));
        Assert.Matches("^[0-9a-f]{64}$", row["Pseudonym"]);
    }

    [Fact]
    public async Task CheckIn_ScanningTheStaffScreen_CountsTheHoursAndCompletesTheCourse()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId, hours: 2);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 2, 3);
        await app.PassQuizAsync(learner);
        var before = await CtecSkillsApp.GetPageAsync(learner, "/me");
        Assert.Contains("还需要到课 2 小时", before.Text, StringComparison.Ordinal);

        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var url = await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId);
        var confirm = await CtecSkillsApp.GetPageAsync(learner, url);
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        var landed = await CtecSkillsApp.SubmitAndFollowAsync(learner, confirm.Form($"/checkin/{sessionId}"));

        Assert.Equal("/me", landed.Path);
        Assert.Contains("签到成功", landed.Text, StringComparison.Ordinal);
        Assert.Contains("已结业", landed.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId && a.Method == AttendanceMethod.QrCode)));
        Assert.Equal(1, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => r.EnrollmentId == enrollmentId)));
    }

    [Fact]
    public async Task QuizAndCheckIn_LastTwoStepsAtOnce_CompleteOnceWithOneIssuanceRequestAndOneFact()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId, hours: 2);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 2, 3);
        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var checkIn = (await CtecSkillsApp.GetPageAsync(learner, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId))).Form($"/checkin/{sessionId}");
        var quiz = await app.PassingQuizFormAsync(learner);

        // In class, the learner sends the quiz and taps "签到" at the same moment: each alone does not meet the rule,
        // so whichever is second must see the other's write and complete.
        var responses = await Task.WhenAll(CtecSkillsApp.SubmitAsync(learner, quiz), CtecSkillsApp.SubmitAsync(learner, checkIn));
        Assert.All(responses, r => Assert.True(CtecSkillsApp.IsRedirect(r.StatusCode), $"{r.RequestMessage?.RequestUri}: {r.StatusCode}"));

        Assert.NotNull(await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.CompletedAt).SingleAsync()));
        Assert.Equal(1, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => r.EnrollmentId == enrollmentId)));
        Assert.Equal(1, await app.FactCountAsync(FactKind.Completion, userId));
    }

    [Fact]
    public async Task ReadLesson_AccountErasedMeanwhile_FailsInsteadOfCountingAsRead()
    {
        await app.EnsureCourseAsync();
        var lessonId = await app.QueryAsync(db => db.Lessons.Where(l => l.Number == 1 && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == CtecSkillsApp.TestCourseSlug))
            .Select(l => l.Id).SingleAsync());

        // A foreign-key refusal is not the unique index that makes a second read harmless: it must not pass as "already read".
        await Assert.ThrowsAsync<DbUpdateException>(() =>
            app.WithServiceAsync<LearningEventService, bool>(e => e.ReadLessonAsync("erased-account", lessonId, default)));
        Assert.Equal(0, await app.QueryAsync(db => db.LessonProgress.CountAsync(p => p.UserId == "erased-account")));
    }

    [Fact]
    public async Task CheckIn_OldOrForeignOrForgedToken_IsRefusedWithAReasonAndRecordsNothing()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId);
        var otherSession = await app.AddSessionAsync(cohortId);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);

        var old = await CtecSkillsApp.GetPageAsync(learner,
            $"/checkin/{sessionId}?t={Uri.EscapeDataString(app.CheckInTokenAt(sessionId, TimeProvider.System.GetUtcNow().Add(-AttendanceService.TokenLifetime).AddSeconds(-1)))}");
        Assert.Equal(HttpStatusCode.BadRequest, old.Status);
        Assert.Contains("已经过期", old.Text, StringComparison.Ordinal);

        var foreign = await CtecSkillsApp.GetPageAsync(learner,
            $"/checkin/{sessionId}?t={Uri.EscapeDataString(app.CheckInTokenAt(otherSession, TimeProvider.System.GetUtcNow()))}");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.Status);
        Assert.Contains("另一节课", foreign.Text, StringComparison.Ordinal);

        var forged = await CtecSkillsApp.GetPageAsync(learner, $"/checkin/{sessionId}?t=abc{sessionId}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("无效", forged.Text, StringComparison.Ordinal);

        var fresh = await CtecSkillsApp.GetPageAsync(learner,
            $"/checkin/{sessionId}?t={Uri.EscapeDataString(app.CheckInTokenAt(sessionId, TimeProvider.System.GetUtcNow().Add(-AttendanceService.TokenLifetime).AddSeconds(5)))}");
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
    }

    [Fact]
    public async Task CheckIn_LearnerNotInTheCohort_IsToldAndNothingIsRecorded()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId);
        var (outsider, _) = await app.SignedInLearnerAsync();
        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var refused = await CtecSkillsApp.GetPageAsync(outsider, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("没有报名这个班", refused.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("实训楼 101", refused.Text, StringComparison.Ordinal);
        Assert.False(refused.HasField("pass"));
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.SessionId == sessionId)));
    }

    [Fact]
    public async Task ManualAttendanceAndCompletion_StaffWithAReason_AreRecordedAndAudited()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);

        var sheet = await CtecSkillsApp.GetPageAsync(staff, $"/sessions/{sessionId}/attendance");
        await CtecSkillsApp.SubmitAndFollowAsync(staff, sheet.Form($"/sessions/{sessionId}/attendance").Add("present", enrollmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(AttendanceMethod.Manual, await app.QueryAsync(db => db.Attendance.Where(a => a.EnrollmentId == enrollmentId).Select(a => a.Method).SingleAsync()));

        var cohort = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohortId}");
        Assert.Contains("出勤 2/2 小时", cohort.Text, StringComparison.Ordinal);
        var form = cohort.Form($"/cohorts/{cohortId}/enrollments/{enrollmentId}/complete");
        var noReason = await CtecSkillsApp.SubmitAndFollowAsync(staff, form.Set("reason", "  "));
        Assert.Contains("必须填写原因", noReason.Text, StringComparison.Ordinal);
        Assert.Null(await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.CompletedAt).SingleAsync()));

        var done = await CtecSkillsApp.SubmitAndFollowAsync(staff, form.Set("reason", "线下纸质考试合格"));
        Assert.Contains("已为该学员结业", done.Text, StringComparison.Ordinal);
        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Subject == AuditActions.EnrollmentSubject(enrollmentId)));
        Assert.Equal(AuditActions.CompleteManually, audit.Action);
        Assert.Equal("线下纸质考试合格", audit.Reason);
        Assert.Equal(1, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => r.EnrollmentId == enrollmentId)));
        Assert.Equal(CompletionMethod.Manual, await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.CompletionMethod).SingleAsync()));
    }

    [Fact]
    public async Task ProgressExport_OpensInExcelWithChineseHeadersAndEveryLearner()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var (learner, userId) = await app.SignedInLearnerAsync();
        await app.EnrollAsync(learner, userId, cohortId);
        await CtecSkillsApp.ReadLessonsAsync(learner, 1);
        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);

        using var response = await staff.GetAsync($"/cohorts/{cohortId}/progress.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("姓名,", lines[0], StringComparison.Ordinal);
        var name = await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync());
        Assert.Contains(lines, l => l.StartsWith(name + ",", StringComparison.Ordinal) && l.Contains(",1/3,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffOfAnotherBase_GetNotFoundForEveryProgressPage()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        var other = await app.SignedInAsStaffAsync(Yubei.StaffEmail);
        var ownForm = (await CtecSkillsApp.GetPageAsync(other, "/cohorts/new")).Form("/cohorts/new");

        foreach (var url in new[] { $"/sessions/{sessionId}/checkin", $"/sessions/{sessionId}/attendance", $"/cohorts/{cohortId}/progress.csv" })
        {
            using var get = await other.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
        using var mark = await CtecSkillsApp.SubmitAsync(other, ownForm.RetargetTo($"/sessions/{sessionId}/attendance").Add("present", $"{enrollmentId}"));
        Assert.Equal(HttpStatusCode.NotFound, mark.StatusCode);
        using var complete = await CtecSkillsApp.SubmitAsync(other, ownForm.RetargetTo($"/cohorts/{cohortId}/enrollments/{enrollmentId}/complete").Set("reason", "越权"));
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
        Assert.Null(await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.CompletedAt).SingleAsync()));
    }
}
