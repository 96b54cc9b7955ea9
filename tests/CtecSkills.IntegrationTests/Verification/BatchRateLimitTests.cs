using System.Net;
using System.Text;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;

namespace CtecSkills.IntegrationTests.Verification;

/// <summary>The app allowing two batch files per verifier and hour.</summary>
public sealed class LowBatchLimitApp : CtecSkillsApp
{
    public const int BatchesPerHour = 2;

    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings[SettingKeys.VerifyBatchPerHour] = Number(BatchesPerHour);
}

public sealed class BatchRateLimitTests(LowBatchLimitApp app) : IClassFixture<LowBatchLimitApp>
{
    [Fact]
    public async Task BatchUpload_OverTheVerifiersHourlyLimit_Gets429WhileAnotherVerifierAtTheSameAddressStillCan()
    {
        var file = Encoding.UTF8.GetBytes("0000000000A\n");
        using var verifier = await app.SignedInAsVerifierAsync();
        for (var i = 0; i < LowBatchLimitApp.BatchesPerHour; i++)
        {
            Assert.Equal("批量核验结果", (await CtecSkillsApp.UploadBatchAsync(verifier, file)).Heading);
        }
        var logged = (await app.VerificationLogsOfAsync(DemoSeeder.VerifierEmail)).Count;

        var refused = await CtecSkillsApp.UploadBatchAsync(verifier, file);
        var (colleague, _, _) = await app.NewApprovedVerifierAsync("重庆某某人力资源服务有限公司");
        using var _ = colleague;
        var allowed = await CtecSkillsApp.UploadBatchAsync(colleague, file);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(logged, (await app.VerificationLogsOfAsync(DemoSeeder.VerifierEmail)).Count);
        Assert.Equal("批量核验结果", allowed.Heading);
    }
}
