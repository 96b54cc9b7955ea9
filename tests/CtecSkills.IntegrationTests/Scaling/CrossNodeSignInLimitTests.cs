using CtecSkills.Core.Accounts;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Scaling;

/// <summary>
/// The per-phone limits of sign-in by SMS live in the database, so two nodes behind a load balancer count together: a
/// phone asking for codes, or an attacker guessing one, gains nothing by being sent to the other node.
/// </summary>
public sealed class CrossNodeSignInLimitTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task RequestCode_OnNodeAThenOnNodeB_TheSecondIsThrottledAsOnOneNode()
    {
        const string phone = "13812349931";
        using var onA = nodes.A.CreateBrowserClient();
        using var onB = nodes.B.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var first = await CtecSkillsApp.RequestSmsCodeAsync(onA, phone);
        var second = await CtecSkillsApp.RequestSmsCodeAsync(onB, phone);

        Assert.Equal("/account/code", first.Path);
        Assert.Equal(1, await nodes.A.QueryAsync(db => db.SmsCodes.CountAsync(c => c.Phone == phone)));
        Assert.Contains("秒后", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestCode_TwentyRequestsAtOnceOverBothNodes_ExactlyOneCodeSentAndTheOthersThrottled()
    {
        const string phone = "13812349933";

        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
        {
            start.Wait();
            return InScopeAsync(i % 2 == 0 ? nodes.A.Services : nodes.B.Services, s => s.RequestAsync(phone, CancellationToken.None));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(requests);

        Assert.Single(results, r => r.Outcome == SmsCodeRequestOutcome.Sent);
        Assert.Equal(19, results.Count(r => r.Outcome == SmsCodeRequestOutcome.Throttled));
        Assert.Equal(1, await nodes.A.QueryAsync(db => db.SmsCodes.CountAsync(c => c.Phone == phone)));
        Assert.Equal(1, await nodes.A.QueryAsync(db => db.OutboundMessages.CountAsync(m => m.Phone == phone)));
    }

    [Fact]
    public async Task VerifyCode_WrongGuessesSpreadOverBothNodesAtOnce_CountFiveTriesInAll()
    {
        const string phone = "13812349932";
        Assert.Equal(SmsCodeRequestOutcome.Sent, (await InScopeAsync(nodes.A.Services, s => s.RequestAsync(phone, CancellationToken.None))).Outcome);
        var right = await nodes.A.ReadLatestSmsCodeAsync(phone);
        var wrong = right == "000000" ? "111111" : "000000";

        using var start = new ManualResetEventSlim();
        var guesses = Enumerable.Range(0, 40).Select(i => Task.Run(() =>
        {
            start.Wait();
            return InScopeAsync(i % 2 == 0 ? nodes.A.Services : nodes.B.Services, s => s.VerifyAsync(phone, wrong, CancellationToken.None));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(guesses);

        Assert.Equal(SmsCode.MaxAttempts, await nodes.A.QueryAsync(db => db.SmsCodes.Where(c => c.Phone == phone).Select(c => c.FailedAttempts).SingleAsync()));
        Assert.All(results, r => Assert.False(r.Succeeded));
        var rightOnB = await InScopeAsync(nodes.B.Services, s => s.VerifyAsync(phone, right, CancellationToken.None));
        Assert.Equal((SmsCodeCheck.TooManyAttempts, 0), (rightOnB.Check, rightOnB.AttemptsLeft));
    }

    private static async Task<T> InScopeAsync<T>(IServiceProvider services, Func<SmsCodeService, Task<T>> call)
    {
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<SmsCodeService>());
    }
}
