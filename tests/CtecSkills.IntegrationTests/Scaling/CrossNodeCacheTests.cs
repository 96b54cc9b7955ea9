using System.Globalization;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Cluster;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CtecSkills.IntegrationTests.Scaling;

/// <summary>
/// A change made on node A reaches node B's caches through PostgreSQL notices, not through B's caches growing old: B's
/// clock stands still, so without a notice B would answer from its cache for ever. SQLite is one node: the tests are skipped there.
/// </summary>
public sealed class CrossNodeCacheTests(TwoNodesWithBsClockStopped nodes) : IClassFixture<TwoNodesWithBsClockStopped>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [PostgresFact]
    public async Task Revoke_OnNodeA_NodeBsVerifyPageSaysRevokedOnceNotified()
    {
        var credential = await nodes.A.IssuedCredentialAsync(DemoSeeder.Bases[0]);
        Assert.Equal("valid", await StatusOnBAsync(credential.VerificationCode));

        using var staff = await nodes.A.SignedInAsStaffAsync(DemoSeeder.Bases[0].StaffEmail);
        var manage = await CtecSkillsApp.GetPageAsync(staff, $"/credentials/manage/{credential.VerificationCode}");
        await CtecSkillsApp.SubmitAndFollowAsync(staff, manage.Form($"/credentials/manage/{credential.VerificationCode}/status")
            .Set("reason", "证书信息有误").Add("change", "Revoke"));

        await Eventually.HoldsAsync(async () => await StatusOnBAsync(credential.VerificationCode) == "revoked", Bound, "B says revoked");
        var page = await CtecSkillsApp.GetPageAsync(nodes.B.CreateClient(), $"/verify/{credential.VerificationCode}");
        Assert.Equal("已撤销", page.Heading);
    }

    [PostgresFact]
    public async Task RecognitionAgreement_MadeOnNodeA_ShowsInNodeBsAnswer()
    {
        var credential = await nodes.A.IssuedCredentialAsync(DemoSeeder.Bases[0]);
        var tag = Guid.NewGuid().ToString("N")[..6];
        Assert.DoesNotContain(tag, (await nodes.B.VerifyAsync(credential.VerificationCode))["recognizedIn"]!.ToJsonString(), StringComparison.Ordinal);

        using var admin = await nodes.A.SignedInAsAdminAsync();
        await CtecSkillsApp.RecordAgreementAsync(admin, $"川渝人社发〔2026〕跨节点-{tag}", "510000", "500000", credential.AchievementId,
            BeijingTime.Today(TimeProvider.System).AddDays(-1), null, "重庆市同级证书");

        await Eventually.HoldsAsync(async () => (await nodes.B.VerifyAsync(credential.VerificationCode))["recognizedIn"]!.ToJsonString().Contains(tag, StringComparison.Ordinal),
            Bound, "B names the new agreement");
    }

    [PostgresFact]
    public async Task KeyCompromise_MarkedOnNodeA_NodeBRefusesWhatItSigned()
    {
        var credential = await nodes.A.IssuedCredentialAsync(DemoSeeder.Bases[1]);
        var baseId = await nodes.A.GetStaffBaseIdAsync(DemoSeeder.Bases[1].StaffEmail);
        Assert.Equal("valid", await StatusOnBAsync(credential.VerificationCode));

        using var admin = await nodes.A.SignedInAsAdminAsync();
        var keyId = await nodes.A.QueryAsync(db => db.IssuerKeys.Where(k => k.KeyId == credential.KeyId).Select(k => k.Id).SingleAsync());
        var page = await CtecSkillsApp.GetPageAsync(admin, "/admin/issuers");
        var marked = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form($"/admin/issuers/{baseId}/keys/{keyId}/compromise")
            .Set("from", Beijing(credential.ValidFrom)).Set("reason", "密钥文件被复制"));
        Assert.Contains("已标记泄露", marked.Text);

        await Eventually.HoldsAsync(async () => await CompromisedOnBAsync(credential.VerificationCode), Bound, "B refuses the key");
    }

    [PostgresFact]
    public async Task ListeningConnection_KilledOnTheServer_IsReestablishedAndNodeBReadsAgain()
    {
        var credential = await nodes.A.IssuedCredentialAsync(DemoSeeder.Bases[2]);
        Assert.Equal("valid", await StatusOnBAsync(credential.VerificationCode));
        var listener = nodes.B.Services.GetRequiredService<CacheNoticeListener>();
        await Eventually.HoldsAsync(() => Task.FromResult(listener.ServerProcessId is not null), Bound, "B listens");
        var connections = listener.Connections;
        var serverProcess = listener.ServerProcessId;
        Assert.NotNull(serverProcess);
        // A change no notice tells (a write outside the app, or one made while B was not listening).
        await nodes.A.QueryAsync(db => db.IssuerKeys.Where(k => k.KeyId == credential.KeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.CompromisedAt, credential.ValidFrom).SetProperty(k => k.CompromiseReason, "库外修改")));
        Assert.Equal("valid", await StatusOnBAsync(credential.VerificationCode));

        await using (var connection = new NpgsqlConnection(nodes.A.Settings["ConnectionStrings:Default"]))
        {
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
            kill.Parameters.AddWithValue("pid", serverProcess.Value);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(listener.Connections > connections), Bound, "B listens again");
        Assert.NotEqual(serverProcess, listener.ServerProcessId);
        Assert.True(await CompromisedOnBAsync(credential.VerificationCode));
    }

    private async Task<string> StatusOnBAsync(string code) => (await nodes.B.VerifyAsync(code))["status"]!.GetValue<string>();

    private async Task<bool> CompromisedOnBAsync(string code) =>
        (await nodes.B.VerifyAsync(code))["checks"]!.AsArray().Any(c => c!["reason"]!.GetValue<string>() == CredentialVerifier.KeyCompromised);

    private static string Beijing(DateTimeOffset instant) =>
        DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds()).ToOffset(BeijingTime.Offset)
            .ToString(Web.Features.Credentials.IssuerKeysController.MomentFormat, CultureInfo.InvariantCulture);
}
