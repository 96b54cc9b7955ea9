using System.Data.Common;
using System.Net;
using System.Text;
using CtecSkills.Core.Admin;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Privacy;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Privacy;

/// <summary>
/// Erasing an account (PIPL art. 47) seen by everyone who could still find the person: staff, verifiers, the
/// database itself and a copy of it, a second phone still signed in, and the same erasure asked twice at once.
/// </summary>
public sealed class AccountErasureTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private const string RevocationReason = "持证人删除账户";

    [Fact]
    public async Task Erase_LearnerWithDataOfEveryKind_NoTableHoldsTheirIdPhoneOrName()
    {
        var (learner, phone, name, userId) = await NewLearnerAsync();
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 5);
        var sessionId = await app.AddSessionAsync(cohortId);
        await app.EnrollAsync(learner, userId, cohortId);
        await CtecSkillsApp.ReadLessonsAsync(learner, 1);
        Assert.Equal("Applied", (await CtecSkillsApp.SendOfflineReadAsync(learner, 2, Guid.NewGuid().ToString())).Outcome);
        await app.PassQuizAsync(learner);
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var scanned = await CtecSkillsApp.GetPageAsync(learner, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        await CtecSkillsApp.SubmitAndFollowAsync(learner, scanned.Form($"/checkin/{sessionId}"));
        var kept = await app.CredentialForAsync(userId, Chengdu);
        var revoked = await app.CredentialForAsync(userId, Chengdu);
        var (link, _) = await CtecSkillsApp.SharedLinkAsync(learner, [kept.Id], []);
        await CtecSkillsApp.OfferToWalletAsync(learner, kept.VerificationCode);
        using var verifier = await app.SignedInAsVerifierAsync();
        await app.OpenShareAsync(link, verifier);
        await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{kept.VerificationCode}");
        await app.DeliverMessagesAsync();
        await app.QueryAsync(async db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            db.Audit(now, userId, "test.self", "test/1");
            db.Audit(now, "staff-x", "test.about", AuditActions.UserSubject(userId), reason: $"致电 {name}（{phone}）");
            return await db.SaveChangesAsync();
        });
        var pseudonym = app.Pseudonym(userId);
        var factsBefore = await app.QueryAsync(db => db.LearningFacts.CountAsync(f => f.Pseudonym == pseudonym));
        Assert.True(await app.QueryAsync(db => db.Attendance.AnyAsync(a => a.Enrollment!.UserId == userId)));
        Assert.True(await app.QueryAsync(db => db.QuizAttempts.AnyAsync(a => a.UserId == userId)));
        Assert.True(await app.QueryAsync(db => db.PortfolioShareViews.AnyAsync()));
        Assert.True(await app.QueryAsync(db => db.WalletOffers.AnyAsync(o => o.UserId == userId)));
        Assert.NotEmpty(await FindTracesAsync(userId, phone, name));
        var erasuresBefore = await app.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditActions.EraseAccount));

        var result = await EraseAsync(userId, new() { [kept.VerificationCode] = CredentialFate.Keep, [revoked.VerificationCode] = CredentialFate.Revoke });

        Assert.Equal(new ErasureResult(ErasureOutcome.Erased, Kept: 1, Revoked: 1), result);
        Assert.Empty(await FindTracesAsync(userId, phone, name));

        var keptPage = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{kept.VerificationCode}");
        Assert.Equal("有效", keptPage.Heading);
        Assert.Contains(IssuedCredential.ErasedHolder, keptPage.Text, StringComparison.Ordinal);
        var revokedPage = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{revoked.VerificationCode}");
        Assert.Equal("已撤销", revokedPage.Heading);
        Assert.Contains("公布的状态列表显示此证书已被撤销", revokedPage.Text, StringComparison.Ordinal);
        var stored = await app.QueryAsync(db => db.IssuedCredentials.AsNoTracking().SingleAsync(c => c.Id == revoked.Id));
        Assert.True(await app.PublishedStatusAsync(stored, StatusPurpose.Revocation));
        Assert.Equal(RevocationReason, stored.StatusReason);

        Assert.True(factsBefore > 0);
        Assert.Equal(factsBefore, await app.QueryAsync(db => db.LearningFacts.CountAsync(f => f.Pseudonym == pseudonym)));
        var erasures = await app.QueryAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Action == AuditActions.EraseAccount).ToListAsync());
        Assert.Equal(erasuresBefore + 1, erasures.Count);
        var entry = erasures.OrderBy(a => a.Id).Last();
        Assert.Equal(("self", AccountErasureService.ErasedSubject, "kept=1 revoked=1"), (entry.ActorUserId, entry.Subject, entry.Reason));

        var roster = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohortId}");
        Assert.Contains("已删除的学员", roster.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(name, roster.Text, StringComparison.Ordinal);
        var sheet = await CtecSkillsApp.GetPageAsync(staff, $"/sessions/{sessionId}/attendance");
        Assert.Equal(HttpStatusCode.OK, sheet.Status);
        Assert.Contains("已删除的学员", sheet.Text, StringComparison.Ordinal);
        var credentialPage = await CtecSkillsApp.GetPageAsync(staff, $"/credentials/manage/{kept.VerificationCode}");
        Assert.Contains("已删除的学员", credentialPage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(name, credentialPage.Text, StringComparison.Ordinal);

        var again = app.CreateBrowserClient();
        Assert.Equal("/me", (await app.SignUpWithPhoneAsync(again, phone, "重新注册")).Path);
        var newId = await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.Id).SingleAsync());
        Assert.NotEqual(userId, newId);
        Assert.Equal(0, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.UserId == newId)));
        Assert.Equal(0, await app.QueryAsync(db => db.IssuedCredentials.CountAsync(c => c.UserId == newId)));
        Assert.Equal(0, await app.QueryAsync(db => db.LearningFacts.CountAsync(f => f.Pseudonym == app.Pseudonym(newId))));
    }

    [Fact]
    public async Task DeleteAccount_TappedFromMeWithSmsCode_SignsOutBothPhonesAndThePhoneSignsUpAsNew()
    {
        var (learner, phone, name, userId) = await NewLearnerAsync();
        var kept = await app.CredentialForAsync(userId, Chengdu);
        var revoked = await app.CredentialForAsync(userId, Chengdu);
        await AgeSmsCodesAsync(phone);
        var secondPhone = app.CreateBrowserClient();
        Assert.Equal("/me", (await app.SignInWithCodeAsync(secondPhone, phone)).Path);

        var me = await CtecSkillsApp.GetPageAsync(learner, "/me");
        var link = me.Document.QuerySelector("a[href='/me/delete']");
        Assert.NotNull(link);
        Assert.Equal("删除账户", link.TextContent.Trim());
        var page = await CtecSkillsApp.GetPageAsync(learner, "/me/delete");
        Assert.Contains("保留，仍可核验（持证人显示为“—”）", page.Text, StringComparison.Ordinal);
        Assert.Contains("会保留的", page.Text, StringComparison.Ordinal);

        // No silent default: without a choice per credential nothing happens, not even a code.
        await AgeSmsCodesAsync(phone);
        var codesBefore = await app.QueryAsync(db => db.SmsCodes.CountAsync(c => c.Phone == phone));
        var unchosen = await CtecSkillsApp.SubmitAndFollowAsync(learner,
            page.Form("/me/delete").Set($"Fates[{kept.VerificationCode}]", nameof(CredentialFate.Keep)));
        Assert.Equal("/me/delete", unchosen.Path);
        Assert.Contains("请为每张证书选择“保留”或“撤销”", unchosen.Text, StringComparison.Ordinal);
        Assert.Equal(codesBefore, await app.QueryAsync(db => db.SmsCodes.CountAsync(c => c.Phone == phone)));

        var confirm = await CtecSkillsApp.SubmitAndFollowAsync(learner, page.Form("/me/delete")
            .Set($"Fates[{kept.VerificationCode}]", nameof(CredentialFate.Keep))
            .Set($"Fates[{revoked.VerificationCode}]", nameof(CredentialFate.Revoke)));
        Assert.Equal("/me/delete/confirm", confirm.Path);
        Assert.Contains("保留 1 张证书，撤销 1 张", confirm.Text, StringComparison.Ordinal);
        var code = await app.ReadLatestSmsCodeAsync(phone);

        var wrong = await CtecSkillsApp.SubmitAndFollowAsync(learner, confirm.Form("/me/delete/confirm").Set("Code", code == "000000" ? "111111" : "000000"));
        Assert.Contains("验证码不对", wrong.Text, StringComparison.Ordinal);
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Id == userId)));

        using (var erased = await CtecSkillsApp.SubmitAsync(learner, wrong.Form("/me/delete/confirm").Set("Code", code)))
        {
            // The phone forgets the account too: its cached pages, saved courses and unsent steps (docs/decisions/0028).
            Assert.Equal(["\"cache\"", "\"storage\""], erased.Headers.GetValues("Clear-Site-Data").SelectMany(v => v.Split(", ")));
        }
        var home = await CtecSkillsApp.GetPageAsync(learner, "/");
        Assert.Contains("您的账户已删除", home.Text, StringComparison.Ordinal);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Id == userId)));
        Assert.Equal("/account/phone", (await CtecSkillsApp.GetPageAsync(learner, "/me")).Path);
        var other = await CtecSkillsApp.GetPageAsync(secondPhone, "/me");
        Assert.Equal((HttpStatusCode.OK, "/account/phone"), (other.Status, other.Path));

        Assert.Equal("有效", (await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{kept.VerificationCode}")).Heading);
        Assert.Equal("已撤销", (await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{revoked.VerificationCode}")).Heading);
        var again = await app.SignUpWithPhoneAsync(app.CreateBrowserClient(), phone, "新的我");
        Assert.Equal("/me", again.Path);
        Assert.DoesNotContain(name, again.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("扫码支付安全", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_TwoRequestsAtOnce_OneErasesTheOtherFindsNothingAndOneAuditEntry()
    {
        var userId = (await app.CreateLearnersAsync(1))[0];
        var credential = await app.CredentialForAsync(userId, Chengdu);
        var before = await app.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditActions.EraseAccount));
        var fates = new Dictionary<string, CredentialFate> { [credential.VerificationCode] = CredentialFate.Revoke };

        var results = await Task.WhenAll(EraseAsync(userId, fates), EraseAsync(userId, fates));

        Assert.Equal(new[] { ErasureOutcome.Erased, ErasureOutcome.NotFound }, results.Select(r => r.Outcome).Order());
        Assert.Equal(before + 1, await app.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditActions.EraseAccount)));
        var stored = await app.QueryAsync(db => db.IssuedCredentials.AsNoTracking().SingleAsync(c => c.Id == credential.Id));
        Assert.Equal(((string?)null, (string?)null), (stored.UserId, stored.HolderName));
        Assert.NotNull(stored.RevokedAt);
    }

    [Fact]
    public async Task Erase_CompletedButNotYetIssued_IssuingJobIssuesNothingAfterwards()
    {
        var userId = (await app.CreateLearnersAsync(1))[0];
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 5);
        await app.EnsureAchievementAsync();
        var enrollments = await app.CompleteEnrollmentsAsync(cohortId, [userId]);

        Assert.Equal(ErasureOutcome.Erased, (await EraseAsync(userId, new())).Outcome);
        await app.RunIssuingJobAsync();

        Assert.Empty(await app.CredentialsForAsync(enrollments));
        Assert.Equal(0, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => enrollments.Contains(r.EnrollmentId))));
        var seat = await app.QueryAsync(db => db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == enrollments[0]));
        Assert.Null(seat.UserId);
    }

    [Fact]
    public async Task AdminDelete_OnWrittenRequest_OnlyAdminsOnlyLearnersPasswordRequiredAndReferenceStripped()
    {
        var (_, phone, name, userId) = await NewLearnerAsync();
        var credential = await app.CredentialForAsync(userId, Chengdu);
        var url = $"/admin/people/{userId}/delete";
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await CtecSkillsApp.GetPageAsync(staff, url)).Status);
        using var learner = await app.SignedInAsLearnerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await CtecSkillsApp.GetPageAsync(learner, url)).Status);

        using var admin = await app.SignedInAsAdminAsync();
        var staffId = await app.QueryAsync(db => db.Users.Where(u => u.Email == Chengdu.StaffEmail).Select(u => u.Id).SingleAsync());
        var refused = await CtecSkillsApp.GetPageAsync(admin, $"/admin/people/{staffId}/delete");
        Assert.Contains("这不是学员账户", refused.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await CtecSkillsApp.GetPageAsync(admin, $"/admin/people/{Guid.NewGuid()}/delete")).Status);

        var page = await CtecSkillsApp.GetPageAsync(admin, url);
        Assert.Contains("请不要写本人的姓名或手机号", page.Text, StringComparison.Ordinal);
        var form = page.Form(url).Set($"Fates[{credential.VerificationCode}]", nameof(CredentialFate.Keep)).Set("Reference", $"2026-12-03 书面申请 {name} +86 {phone[..3]} {phone[3..7]}-{phone[7..]}");
        var wrongPassword = await CtecSkillsApp.SubmitAndFollowAsync(admin, form.Set("Password", "not-the-password"));
        Assert.Contains("密码不对", wrongPassword.Text, StringComparison.Ordinal);
        var noReference = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form(url)
            .Set($"Fates[{credential.VerificationCode}]", nameof(CredentialFate.Keep)).Set("Password", CtecSkillsApp.DemoPassword));
        Assert.Contains("请填写书面申请的编号或说明", noReference.Text, StringComparison.Ordinal);
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Id == userId)));

        var done = await CtecSkillsApp.SubmitAndFollowAsync(admin, form.Set("Password", CtecSkillsApp.DemoPassword));

        Assert.Equal("/admin", done.Path);
        Assert.Contains("账户已删除：保留 1 张证书，撤销 0 张", done.Text, StringComparison.Ordinal);
        Assert.Empty(await FindTracesAsync(userId, phone, name));
        var adminId = await app.QueryAsync(db => db.Users.Where(u => u.Email == CtecSkillsApp.AdminEmail).Select(u => u.Id).SingleAsync());
        var entry = await app.QueryAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Action == AuditActions.EraseAccount).OrderBy(a => a.Id).LastAsync());
        Assert.Equal(adminId, entry.ActorUserId);
        Assert.Equal($"kept=1 revoked=0 2026-12-03 书面申请 {AccountErasureService.Redacted} {AccountErasureService.Redacted}", entry.Reason);
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Id == staffId)));
    }

    [Fact]
    public async Task Erase_AuditReasonWithThePhoneWrittenWithSpacesOrDashes_PhoneStripped()
    {
        var (_, phone, _, userId) = await NewLearnerAsync();
        var spaced = $"{phone[..3]} {phone[3..7]} {phone[7..]}";
        var dashed = $"+86 {phone[..3]}-{phone[3..7]}-{phone[7..]}";
        var ids = await app.QueryAsync(async db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            // Entries about something else (not the account), whose staff note happens to carry the phone.
            db.Audit(now, "staff-x", "test.call", "test/spaced", reason: $"回电 {spaced}");
            db.Audit(now, "staff-x", "test.call", "test/dashed", reason: $"回电 {dashed}");
            await db.SaveChangesAsync();
            return await db.AuditLog.Where(a => a.Subject == "test/spaced" || a.Subject == "test/dashed").OrderByDescending(a => a.Id).Take(2)
                .Select(a => a.Id).ToListAsync();
        });

        Assert.Equal(ErasureOutcome.Erased, (await EraseAsync(userId, [])).Outcome);

        var reasons = await app.QueryAsync(db => db.AuditLog.Where(a => ids.Contains(a.Id)).Select(a => a.Reason).ToListAsync());
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.Equal($"回电 {AccountErasureService.Redacted}", r));
    }

    [Fact]
    public async Task Erase_OnSqlite_FileWalAndABackupMadeAfterwardHoldNeitherPhoneNorName()
    {
        var (_, phone, name, userId) = await NewLearnerAsync();
        await app.CredentialForAsync(userId, Chengdu);
        await app.DeliverMessagesAsync();
        var credential = await app.QueryAsync(db => db.IssuedCredentials.Where(c => c.UserId == userId).Select(c => c.VerificationCode).SingleAsync());
        var file = await app.QueryAsync(db => Task.FromResult(db.Database.IsSqlite() ? db.Database.GetDbConnection().DataSource : null));
        if (file is null)
        {
            // PostgreSQL: pg_dump copies live rows only (docs/decisions/0024); nothing of the file to read here.
            Assert.Equal("Postgres", app.DatabaseProvider);
            return;
        }
        Assert.True(Contains(ReadShared(file).Concat(ReadShared(file + "-wal")).ToArray(), phone));

        await EraseAsync(userId, new() { [credential] = CredentialFate.Keep });
        var backup = Path.Combine(Path.GetDirectoryName(file)!, "backup-" + Guid.NewGuid().ToString("N") + ".db");
        await app.QueryAsync(async db =>
        {
            await new DatabaseBackup(db).BackupAsync(backup, default);
            return 0;
        });

        foreach (var bytes in new[] { ReadShared(file), ReadShared(file + "-wal"), ReadShared(backup) })
        {
            Assert.False(Contains(bytes, phone), "The phone number is still in the file's bytes.");
            Assert.False(Contains(bytes, name), "The name is still in the file's bytes.");
        }
    }

    private async Task<(HttpClient Client, string Phone, string Name, string UserId)> NewLearnerAsync()
    {
        var phone = app.NewPhone();
        var name = "抹除" + Guid.NewGuid().ToString("N")[..8];
        var client = app.CreateBrowserClient();
        Assert.Equal("/me", (await app.SignUpWithPhoneAsync(client, phone, name)).Path);
        var userId = await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.Id).SingleAsync());
        return (client, phone, name, userId);
    }

    private async Task<ErasureResult> EraseAsync(string userId, Dictionary<string, CredentialFate> fates)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountErasureService>()
            .EraseAsync(new ErasureInput(userId, fates, ErasureRequester.Self, RevocationReason), default);
    }

    /// <summary>The resend wait has passed: the phone may be sent a new code.</summary>
    private Task<int> AgeSmsCodesAsync(string phone) =>
        app.QueryAsync(db => db.SmsCodes.Where(c => c.Phone == phone)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, TimeProvider.System.GetUtcNow().AddMinutes(-2))));

    /// <summary>
    /// Every string column of every table in the EF model (Identity's included, and whatever a later change adds)
    /// that holds the id, the phone or the name anywhere in its text: "table.column" for each.
    /// </summary>
    private Task<List<string>> FindTracesAsync(string userId, string phone, string name) => app.QueryAsync(async db =>
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.GetViewName() is null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var column in entity.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => p.GetColumnName(table)).OfType<string>().Distinct())
            {
                await using var command = connection.CreateCommand();
                var tableSql = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
                command.CommandText = $"SELECT COUNT(*) FROM {tableSql} WHERE \"{column}\" LIKE @id OR \"{column}\" LIKE @phone OR \"{column}\" LIKE @name";
                AddParameter(command, "@id", $"%{userId}%");
                AddParameter(command, "@phone", $"%{phone}%");
                AddParameter(command, "@name", $"%{name}%");
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    found.Add($"{table.Name}.{column}");
                }
            }
        }
        return found;
    });

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
