using System.Net;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Recognition;

/// <summary>
/// A fixture of its own: it moves a demo base to another province. Recognition is decided on the issuing base's
/// province, held in a snapshot that no service of Organizations knows about.
/// </summary>
public sealed class RecognitionSnapshotTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private static readonly DemoBase Yubei = DemoSeeder.Bases[4];

    [Fact]
    public async Task RecognitionByPlace_AdminMovesTheIssuingBaseToChongqing_TheNextVerificationFollowsAtOnce()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var baseId = await app.GetStaffBaseIdAsync(Chengdu.StaffEmail);
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var admin = await app.SignedInAsAdminAsync();
        await CtecSkillsApp.RecordAgreementAsync(admin, $"川渝人社发〔2026〕迁址-{tag}", "510000", "500000", credential.AchievementId,
            BeijingTime.Today(TimeProvider.System).AddDays(-1), null, "重庆市同级证书");
        var before = await app.VerifyApiOkAsync(new { code = credential.VerificationCode });

        using var moved = await CtecSkillsApp.SubmitAsync(admin,
            (await CtecSkillsApp.GetPageAsync(admin, $"/bases/{baseId}/edit")).Form($"/bases/{baseId}/edit").Set("LocalityCode", Yubei.LocalityCode));
        var after = await app.VerifyApiOkAsync(new { code = credential.VerificationCode });

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains(tag, before["recognizedIn"]!.ToJsonString(), StringComparison.Ordinal);
        // Issued in Chongqing now: a Sichuan → Chongqing agreement no longer applies.
        Assert.DoesNotContain(tag, after["recognizedIn"]!.ToJsonString(), StringComparison.Ordinal);
    }
}
