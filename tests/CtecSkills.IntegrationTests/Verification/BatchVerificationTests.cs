using System.Net;
using System.Text;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Text;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Verification;

/// <summary>An HR verifier checks a file of codes at once, and reads back what they verified.</summary>
public sealed class BatchVerificationTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    private static string WithTypo(string code)
    {
        var chars = code.ToCharArray();
        chars[3] = chars[3] == '7' ? '8' : '7';
        return new string(chars);
    }

    [Fact]
    public async Task BatchUpload_MixedGb18030File_SummaryAndOneResultRowPerInputRowInOrder()
    {
        var valid = await app.IssuedCredentialAsync(Chengdu);
        var revoked = await app.IssuedCredentialAsync(Chengdu);
        await app.RevokeAsAdminAsync(revoked.VerificationCode, "证书信息有误");
        var holder = await app.QueryAsync(db => db.Users.Where(u => u.Id == valid.UserId).Select(u => u.DisplayName).SingleAsync());
        var revokedHolder = await app.QueryAsync(db => db.Users.Where(u => u.Id == revoked.UserId).Select(u => u.DisplayName).SingleAsync());
        using (var admin = await app.SignedInAsAdminAsync())
        {
            await CtecSkillsApp.RecordAgreementAsync(admin, $"川渝人社发〔2026〕批量-{Guid.NewGuid():N}"[..20], "510000", "500000", valid.AchievementId,
                BeijingTime.Today(TimeProvider.System).AddDays(-1), null, "重庆市数字技能初级证书");
        }
        var recognized = (await app.VerifyApiOkAsync(new { code = valid.VerificationCode }))["recognizedIn"]!.AsArray()
            .Select(r => $"在{r!["provinceName"]}认可，等同于「{r["localStandard"]}」（协议：{r["agreement"]}）");
        var typedValid = VerificationCode.Parse(valid.VerificationCode).Code!.Value.ToDisplayString().ToLowerInvariant();
        var unknown = VerificationCode.NewRandom().ToString();
        var file = CsvTextDecoder.Gb18030.GetBytes(
            $"核验码\r\n{typedValid}\r\n\r\n{revoked.VerificationCode}\r\n{WithTypo(valid.VerificationCode)}\r\n{unknown}\r\n乱写的字\r\n\r\n");
        using var verifier = await app.SignedInAsVerifierAsync();
        var logsBefore = (await app.VerificationLogsOfAsync(DemoSeeder.VerifierEmail)).Count;

        var page = await CtecSkillsApp.UploadBatchAsync(verifier, file);
        var (bytes, records) = CtecSkillsApp.DownloadBatchResult(page);

        Assert.Equal("批量核验结果", page.Heading);
        Assert.Contains("共核验 5 行", page.Text, StringComparison.Ordinal);
        var summary = page.Document.QuerySelectorAll("table.batch-summary tbody tr").Select(r => r.TextContent.Trim().Replace(" ", "", StringComparison.Ordinal)).ToList();
        Assert.Contains(summary, r => r.StartsWith("有效", StringComparison.Ordinal) && r.EndsWith('1'));
        Assert.Contains(summary, r => r.StartsWith("已撤销", StringComparison.Ordinal) && r.EndsWith('1'));
        Assert.Contains(summary, r => r.StartsWith("无效", StringComparison.Ordinal) && r.EndsWith('3'));
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "The result file has no UTF-8 BOM for Excel.");
        Assert.Equal(
            [
                ["行号", "核验码", "结果", "原因", "证书", "签发机构", "持有人", "签发日期", "有效期至", "地区互认"],
                ["2", typedValid, "有效", "", "扫码支付安全 结业证书", Chengdu.Name, CredentialVerifier.MaskName(holder),
                    CtecSkillsApp.Day(valid.ValidFrom), CtecSkillsApp.Day(valid.ValidUntil!.Value), string.Join("；", recognized)],
                ["4", revoked.VerificationCode, "已撤销", "公布的状态列表显示此证书已被撤销。", "扫码支付安全 结业证书", Chengdu.Name,
                    CredentialVerifier.MaskName(revokedHolder), CtecSkillsApp.Day(revoked.ValidFrom), CtecSkillsApp.Day(revoked.ValidUntil!.Value), ""],
                ["5", WithTypo(valid.VerificationCode), "无效", "请核对核验码——有一个字符看起来不对。", "", "", "", "", "", ""],
                ["6", unknown, "无效", "没有与此核验码对应的证书。", "", "", "", "", "", ""],
                ["7", "乱写的字", "无效", "这不是核验码：核验码是 11 个字母或数字。", "", "", "", "", "", ""],
            ],
            records);
        Assert.Contains("在重庆市认可，等同于「重庆市数字技能初级证书」", records[1][9], StringComparison.Ordinal);
        Assert.DoesNotContain(holder, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var logs = (await app.VerificationLogsOfAsync(DemoSeeder.VerifierEmail)).Skip(logsBefore).ToList();
        Assert.Equal(5, logs.Count);
        Assert.All(logs, l => Assert.Equal("batch", l.Channel));
        var bureau = await app.QueryAsync(db => db.Users.Where(u => u.Email == DemoSeeder.VerifierEmail).Select(u => u.OrganizationId).SingleAsync());
        Assert.All(logs, l => Assert.Equal(bureau, l.OrganizationId));
        Assert.Equal([valid.VerificationCode, revoked.VerificationCode, null, null, null], logs.Select(l => l.CredentialCode));
    }

    public static TheoryData<string, byte[], string> RefusedFiles() => new()
    {
        { "over-limit", Encoding.UTF8.GetBytes("code\n" + string.Concat(Enumerable.Repeat("0000000000A\n", BatchCodeFile.MaxCodes + 1))), "超过 1000 个，一条也没有核验" },
        { "over-1mb", Encoding.UTF8.GetBytes(new string('0', BatchCodeFile.MaxBytes) + "\n"), "超过 1 MB，一条也没有核验" },
        { "empty", [], "文件是空的" },
        { "xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xEE], "这不是 CSV 文本文件" },
        { "header-only", Encoding.UTF8.GetBytes("核验码\r\n\r\n"), "文件里没有核验码" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task BatchUpload_RefusedFile_SaysWhyAndVerifiesAndLogsNothing(string kind, byte[] file, string message)
    {
        using var verifier = await app.SignedInAsVerifierAsync();
        var logsBefore = await app.QueryAsync(db => db.VerificationLogs.CountAsync());

        var page = await CtecSkillsApp.UploadBatchAsync(verifier, file, kind + ".csv");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("批量核验", page.Heading);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("a[download]"));
        Assert.Equal(logsBefore, await app.QueryAsync(db => db.VerificationLogs.CountAsync()));
    }

    [Fact]
    public async Task BatchPage_WithoutTheDemoShowcase_OffersNoSampleFileAndItsAddressIsNotFound()
    {
        await app.IssuedCredentialAsync(Chengdu);
        using var verifier = await app.SignedInAsVerifierAsync();

        var page = await CtecSkillsApp.GetPageAsync(verifier, "/verify/batch");
        using var sample = await verifier.GetAsync("/verify/batch/demo-codes.csv");

        Assert.DoesNotContain("示例文件", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, sample.StatusCode);
    }

    [Fact]
    public async Task BatchUpload_StaffWithAValidToken_Forbidden()
    {
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, "/verify")).Form("/verify").RetargetTo("/verify/batch");
        var logsBefore = await app.QueryAsync(db => db.VerificationLogs.CountAsync());

        using var response = await staff.PostAsync("/verify/batch", form.ToMultipart("file", Encoding.UTF8.GetBytes("0000000000A\n"), "codes.csv"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(logsBefore, await app.QueryAsync(db => db.VerificationLogs.CountAsync()));
    }

    [Fact]
    public async Task History_TwoVerifiers_EachSeesOnlyTheirOwnRowsAndAdminFiltersByOrganization()
    {
        var mine = await app.IssuedCredentialAsync(Chengdu);
        var theirs = await app.IssuedCredentialAsync(Chengdu);
        var (other, otherEmail, otherOrganization) = await app.NewApprovedVerifierAsync("重庆永川智能制造有限公司");
        using var _ = other;
        using var verifier = await app.SignedInAsVerifierAsync();
        await CtecSkillsApp.UploadBatchAsync(verifier, Encoding.UTF8.GetBytes(mine.VerificationCode + "\n"));
        var verifyPage = await CtecSkillsApp.GetPageAsync(other, "/verify");
        await CtecSkillsApp.SubmitAndFollowAsync(other, verifyPage.Form("/verify").Set("input", theirs.VerificationCode));

        var myHistory = await CtecSkillsApp.GetPageAsync(verifier, $"/verify/history?organization={otherOrganization}");
        var theirHistory = await CtecSkillsApp.GetPageAsync(other, "/verify/history");
        var admin = await app.SignedInAsAdminAsync();
        var adminFiltered = await CtecSkillsApp.GetPageAsync(admin, $"/verify/history?organization={otherOrganization}");

        Assert.Equal("核验记录", myHistory.Heading);
        Assert.Contains(MyRow(myHistory, mine.VerificationCode), r => r.Contains("批量", StringComparison.Ordinal) && r.Contains("有效", StringComparison.Ordinal)
            && r.Contains("扫码支付安全 结业证书", StringComparison.Ordinal));
        Assert.DoesNotContain(theirs.VerificationCode, myHistory.Text, StringComparison.Ordinal);
        Assert.Contains(MyRow(theirHistory, theirs.VerificationCode), r => r.Contains("核验页面", StringComparison.Ordinal));
        Assert.DoesNotContain(mine.VerificationCode, theirHistory.Text, StringComparison.Ordinal);
        Assert.Contains("共 1 条", theirHistory.Text, StringComparison.Ordinal);
        Assert.Contains(MyRow(adminFiltered, theirs.VerificationCode), r => r.Contains("重庆永川智能制造有限公司", StringComparison.Ordinal));
        Assert.DoesNotContain(mine.VerificationCode, adminFiltered.Text, StringComparison.Ordinal);
        Assert.Single(await app.VerificationLogsOfAsync(otherEmail));
    }

    [Fact]
    public async Task History_ManyRowsFilteredAndExported_FiftyAPageNewestFirstAndOnlyOwnRowsInTheCsv()
    {
        var revoked = await app.IssuedCredentialAsync(Chengdu);
        await app.RevokeAsAdminAsync(revoked.VerificationCode, "证书信息有误");
        var (verifier, _, _) = await app.NewApprovedVerifierAsync("成都某某物流有限公司");
        using var __ = verifier;
        var garbage = string.Concat(Enumerable.Range(0, 59).Select(i => $"not-a-code-{i}\n"));
        await CtecSkillsApp.UploadBatchAsync(verifier, Encoding.UTF8.GetBytes(garbage + revoked.VerificationCode + "\n"));

        var first = await CtecSkillsApp.GetPageAsync(verifier, "/verify/history");
        var second = await CtecSkillsApp.GetPageAsync(verifier, "/verify/history?page=2");
        var onlyRevoked = await CtecSkillsApp.GetPageAsync(verifier, "/verify/history?outcome=Revoked");
        using var export = await verifier.GetAsync("/verify/history/export.csv");
        var records = CtecSkillsApp.ReadCsv(CsvTextDecoder.Decode(await export.Content.ReadAsByteArrayAsync()));

        Assert.Equal(50, first.Document.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(10, second.Document.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("第 1 / 2 页", first.Text, StringComparison.Ordinal);
        var onlyRow = Assert.Single(onlyRevoked.Document.QuerySelectorAll("tbody tr"));
        Assert.Contains(revoked.VerificationCode, onlyRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("已撤销", onlyRow.TextContent, StringComparison.Ordinal);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["时间（北京时间）", "方式", "核验码", "结果", "证书"], records[0]);
        Assert.Equal(61, records.Count);
        Assert.All(records.Skip(1), r => Assert.Equal("批量", r[1]));
        Assert.Single(records, r => r[2] == revoked.VerificationCode && r[3] == "已撤销");
    }

    [Fact]
    public async Task MePageAndVerifyPage_SignedInVerifier_LinkToBatchAndHistory()
    {
        using var verifier = await app.SignedInAsVerifierAsync();

        var me = await CtecSkillsApp.GetPageAsync(verifier, "/me");
        var verify = await CtecSkillsApp.GetPageAsync(verifier, "/verify");
        var anonymous = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), "/verify");

        foreach (var page in new[] { me, verify })
        {
            Assert.NotNull(page.Document.QuerySelector("a[href='/verify/batch']"));
            Assert.NotNull(page.Document.QuerySelector("a[href='/verify/history']"));
        }
        Assert.Null(anonymous.Document.QuerySelector("a[href='/verify/history']"));
    }

    private static IEnumerable<string> MyRow(HtmlPage page, string code) =>
        page.Document.QuerySelectorAll("tbody tr").Select(r => r.TextContent).Where(t => t.Contains(code, StringComparison.Ordinal));
}
