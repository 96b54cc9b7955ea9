using System.Net;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Progress;

/// <summary>Check-in seen as an attacker would: the forwarded link, the second account, the classmate at home.</summary>
public sealed class CheckInTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private const string Place = "实训楼 101";

    /// <summary>A class at Chengdu with one session, a learner signed in and enrolled in it, and the base's staff signed in.</summary>
    private async Task<(int SessionId, HttpClient Learner, string UserId, int EnrollmentId, HttpClient Staff)> EnrolledLearnerWithStaffAsync()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        return (sessionId, learner, userId, enrollmentId, await app.SignedInAsStaffAsync(Chengdu.StaffEmail));
    }

    [Fact]
    public async Task CheckIn_LinkForwardedToAClassmate_IsRefusedShowsNothingAndRecordsNothing()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId);
        var (inRoom, inRoomId) = await app.SignedInLearnerAsync();
        var (atHome, atHomeId) = await app.SignedInLearnerAsync();
        var inRoomEnrollment = await app.EnrollAsync(inRoom, inRoomId, cohortId);
        var atHomeEnrollment = await app.EnrollAsync(atHome, atHomeId, cohortId);
        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);

        // The learner in the room scans and sends the page's address to a classmate at home.
        var scanned = await CtecSkillsApp.GetPageAsync(inRoom, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        Assert.Equal(HttpStatusCode.OK, scanned.Status);
        Assert.Contains(Place, scanned.Text, StringComparison.Ordinal);
        var forwarded = scanned.Url.PathAndQuery;
        Assert.Contains("?p=", forwarded, StringComparison.Ordinal);

        var opened = await CtecSkillsApp.GetPageAsync(atHome, forwarded);
        Assert.Equal(HttpStatusCode.Forbidden, opened.Status);
        Assert.Contains("不能替别人签到", opened.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Place, opened.Text, StringComparison.Ordinal);
        Assert.False(opened.HasField("pass"));

        // The classmate posts the first learner's pass by hand: still refused.
        var ownForm = (await CtecSkillsApp.GetPageAsync(atHome, "/me")).Form("/culture");
        var posted = await CtecSkillsApp.SubmitAndFollowAsync(atHome,
            ownForm.RetargetTo($"/checkin/{sessionId}").Set("pass", scanned.Form($"/checkin/{sessionId}")["pass"]!));
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Contains("不能替别人签到", posted.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == atHomeEnrollment)));

        // The learner who scanned still checks in with it.
        await CtecSkillsApp.SubmitAndFollowAsync(inRoom, scanned.Form($"/checkin/{sessionId}"));
        Assert.Equal(1, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == inRoomEnrollment)));
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == atHomeEnrollment)));
    }

    [Fact]
    public async Task CheckIn_SignedOutScanForwardedBeforeSignIn_IsRefusedOnAnotherPhone()
    {
        var (sessionId, atHome, _, atHomeEnrollment, staff) = await EnrolledLearnerWithStaffAsync();

        using var phone = app.CreateBrowserClient();
        using var scan = await phone.GetAsync(await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        Assert.True(CtecSkillsApp.IsRedirect(scan.StatusCode));
        var returnUrl = Uri.UnescapeDataString(scan.Headers.Location!.Query);
        var passUrl = returnUrl[returnUrl.IndexOf("/checkin", StringComparison.Ordinal)..];

        var opened = await CtecSkillsApp.GetPageAsync(atHome, passUrl);
        Assert.Equal(HttpStatusCode.Forbidden, opened.Status);
        Assert.Contains("不能替别人签到", opened.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Place, opened.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == atHomeEnrollment)));
    }

    [Fact]
    public async Task CheckIn_SignedOutScan_SignsInOnTheSamePhoneAndChecksInThatLearner()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var sessionId = await app.AddSessionAsync(cohortId);
        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        const string phoneNumber = "13812359001";

        // A new learner scans before having an account: sign-up, then back to the check-in.
        using var phone = app.CreateBrowserClient();
        using var scan = await phone.GetAsync(await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        Assert.True(CtecSkillsApp.IsRedirect(scan.StatusCode));
        var signIn = await CtecSkillsApp.FollowAsync(phone, await phone.GetAsync(scan.Headers.Location));
        var codePage = await CtecSkillsApp.SubmitAndFollowAsync(phone, signIn.Form("/account/phone").Set("Phone", phoneNumber));
        var landed = await CtecSkillsApp.SubmitAndFollowAsync(phone, codePage.Form("/account/code")
            .Set("Code", await app.ReadLatestSmsCodeAsync(phoneNumber)).Set("DisplayName", "新学员").Check("AcceptPrivacy"));

        // Not in the class yet: a clear refusal, nothing about the session, nothing recorded.
        Assert.Equal("/checkin/" + sessionId, landed.Path);
        Assert.Equal(HttpStatusCode.Forbidden, landed.Status);
        Assert.Contains("没有报名这个班", landed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Place, landed.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.SessionId == sessionId)));

        // Enrolled, the same phone comes back to the same pass and checks in.
        var userId = await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phoneNumber).Select(u => u.Id).SingleAsync());
        var enrollmentId = await app.EnrollAsync(phone, userId, cohortId);
        var confirm = await CtecSkillsApp.GetPageAsync(phone, landed.Url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains(Place, confirm.Text, StringComparison.Ordinal);
        await CtecSkillsApp.SubmitAndFollowAsync(phone, confirm.Form($"/checkin/{sessionId}"));
        Assert.Equal(1, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
    }

    [Fact]
    public async Task CheckIn_SameLearnerUsesTheTokenAgainAndPostsTwiceAtOnce_CountsOnce()
    {
        var (sessionId, learner, _, enrollmentId, staff) = await EnrolledLearnerWithStaffAsync();
        var url = await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId);

        var first = (await CtecSkillsApp.GetPageAsync(learner, url)).Form($"/checkin/{sessionId}");
        var second = (await CtecSkillsApp.GetPageAsync(learner, url)).Form($"/checkin/{sessionId}");
        var responses = await Task.WhenAll(CtecSkillsApp.SubmitAsync(learner, first), CtecSkillsApp.SubmitAsync(learner, second));
        Assert.All(responses, r => Assert.True(CtecSkillsApp.IsRedirect(r.StatusCode), $"{r.StatusCode}"));
        Assert.Equal(1, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));

        var again = await CtecSkillsApp.GetPageAsync(learner, url);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("已经签到过了", again.Text, StringComparison.Ordinal);
        Assert.False(again.HasField("pass"));
        Assert.Equal(1, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
    }

    [Fact]
    public async Task CheckIn_PageWithoutAValidToken_ShowsNothingAboutTheSession()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10, name: "保密班名");
        var sessionId = await app.AddSessionAsync(cohortId);
        var (learner, _) = await app.SignedInLearnerAsync();
        var courseTitle = await app.QueryAsync(db => db.Courses.Where(c => c.Slug == CtecSkillsApp.TestCourseSlug).Select(c => c.Title).SingleAsync());
        using var anonymous = app.CreateBrowserClient();

        foreach (var (client, url) in new[]
        {
            (anonymous, $"/checkin/{sessionId}"),
            (learner, $"/checkin/{sessionId}"),
            (learner, $"/checkin/{sessionId}?t=forged"),
            (learner, $"/checkin/{sessionId}?p=forged"),
            (learner, $"/checkin/{sessionId}?t={Uri.EscapeDataString(app.CheckInTokenAt(sessionId, TimeProvider.System.GetUtcNow().AddMinutes(-5)))}"),
        })
        {
            var page = await CtecSkillsApp.GetPageAsync(client, url);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.DoesNotContain(Place, page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("保密班名", page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(courseTitle, page.Text, StringComparison.Ordinal);
        }
        // A session that does not exist looks the same: the page does not tell which ids are real.
        var missing = await CtecSkillsApp.GetPageAsync(learner, "/checkin/987654");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
    }

    [Fact]
    public async Task Strike_StaffStrikeOutALearnerNotInTheRoom_RemovesTheCheckInAuditsItAndRefusesAnotherScan()
    {
        var (sessionId, learner, userId, enrollmentId, staff) = await EnrolledLearnerWithStaffAsync();
        var confirm = await CtecSkillsApp.GetPageAsync(learner, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        await CtecSkillsApp.SubmitAndFollowAsync(learner, confirm.Form($"/checkin/{sessionId}"));
        var name = await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync());

        // The staff screen lists the learner, in the page and in the document the screen polls.
        var screen = await CtecSkillsApp.GetPageAsync(staff, $"/sessions/{sessionId}/checkin");
        Assert.Contains(name, screen.Document.QuerySelector("[data-live-present]")!.TextContent, StringComparison.Ordinal);
        using (var json = await staff.GetAsync($"/sessions/{sessionId}/checkins"))
        {
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            using var live = System.Text.Json.JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            Assert.Equal(1, live.RootElement.GetProperty("present").GetInt32());
            Assert.Equal(name, live.RootElement.GetProperty("checkedIn")[0].GetProperty("name").GetString());
        }

        var struck = await CtecSkillsApp.SubmitAndFollowAsync(staff, screen.Form($"/sessions/{sessionId}/strike"));
        Assert.Contains($"已划掉 {name} 的签到", struck.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(name, struck.Document.QuerySelector("[data-live-present]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(name, struck.Document.QuerySelector("[data-live-struck]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking()
            .SingleAsync(a => a.Action == AuditActions.StrikeCheckIn && a.Subject == AuditActions.EnrollmentSubject(enrollmentId)));
        Assert.Equal(AuditActions.SessionSubject(sessionId), audit.Reason);

        // A fresh code from the screen does not bring the learner back.
        var rescan = await CtecSkillsApp.GetPageAsync(learner, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        Assert.Equal(HttpStatusCode.Forbidden, rescan.Status);
        Assert.Contains("老师已把您这节课的签到划掉", rescan.Text, StringComparison.Ordinal);
        var ownForm = (await CtecSkillsApp.GetPageAsync(learner, "/me")).Form("/culture");
        var pass = await app.WithServiceAsync<AttendanceService, string>(a => Task.FromResult(a.IssuePass(sessionId, PassHolder.Account(userId))));
        var posted = await CtecSkillsApp.SubmitAndFollowAsync(learner, ownForm.RetargetTo($"/checkin/{sessionId}").Set("pass", pass));
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
    }

    [Fact]
    public async Task StrikeAndCheckIn_AtTheSameMoment_LeaveTheLearnerStruckWithoutAttendance()
    {
        var (sessionId, learner, _, enrollmentId, staff) = await EnrolledLearnerWithStaffAsync();
        var checkIn = (await CtecSkillsApp.GetPageAsync(learner, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId))).Form($"/checkin/{sessionId}");
        var strike = (await CtecSkillsApp.GetPageAsync(staff, "/me")).Form("/culture").RetargetTo($"/sessions/{sessionId}/strike")
            .Set("enrollmentId", enrollmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Whichever runs first, the strike wins: it removes the check-in, or the check-in sees it and is refused.
        var responses = await Task.WhenAll(CtecSkillsApp.SubmitAsync(learner, checkIn), CtecSkillsApp.SubmitAsync(staff, strike));
        Assert.True(CtecSkillsApp.IsRedirect(responses[0].StatusCode) || responses[0].StatusCode == HttpStatusCode.Forbidden, $"{responses[0].StatusCode}");
        Assert.True(CtecSkillsApp.IsRedirect(responses[1].StatusCode), $"{responses[1].StatusCode}");
        Assert.Equal(0, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
        Assert.Equal(1, await app.QueryAsync(db => db.AttendanceStrikes.CountAsync(s => s.EnrollmentId == enrollmentId && s.SessionId == sessionId)));
    }

    [Fact]
    public async Task LiveListAndStrike_LearnerOrStaffOfAnotherBase_AreRefusedAndChangeNothing()
    {
        var (sessionId, learner, _, enrollmentId, staff) = await EnrolledLearnerWithStaffAsync();
        var confirm = await CtecSkillsApp.GetPageAsync(learner, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        await CtecSkillsApp.SubmitAndFollowAsync(learner, confirm.Form($"/checkin/{sessionId}"));

        using (var json = await learner.GetAsync($"/sessions/{sessionId}/checkins"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, json.StatusCode);
        }
        var other = await app.SignedInAsStaffAsync(DemoSeeder.Bases[4].StaffEmail);
        using (var json = await other.GetAsync($"/sessions/{sessionId}/checkins"))
        {
            Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        }
        var ownForm = (await CtecSkillsApp.GetPageAsync(other, "/me")).Form("/culture");
        using var strike = await CtecSkillsApp.SubmitAsync(other,
            ownForm.RetargetTo($"/sessions/{sessionId}/strike").Set("enrollmentId", enrollmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.NotFound, strike.StatusCode);
        Assert.Equal(1, await app.QueryAsync(db => db.Attendance.CountAsync(a => a.EnrollmentId == enrollmentId)));
        Assert.Equal(0, await app.QueryAsync(db => db.AttendanceStrikes.CountAsync(s => s.EnrollmentId == enrollmentId)));
    }
}
