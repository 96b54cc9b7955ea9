using CtecSkills.Core.Accounts;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>
/// An attacker who knows a learner's phone guesses the code from many addresses at once: each guess is a request of its
/// own (its own scope and database context), and together they still get five tries, not fifty.
/// </summary>
public sealed class SmsCodeAttemptTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task VerifyAsync_FiftyParallelWrongGuesses_CountFiveTriesAndLockTheCodeEvenForTheRightOne()
    {
        const string phone = "13812349901";
        Assert.Equal(SmsCodeRequestOutcome.Sent, (await InScopeAsync(s => s.RequestAsync(phone, CancellationToken.None))).Outcome);
        var right = await app.ReadLatestSmsCodeAsync(phone);
        var wrong = right == "000000" ? "111111" : "000000";

        using var start = new ManualResetEventSlim();
        var guesses = Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return InScopeAsync(s => s.VerifyAsync(phone, wrong, CancellationToken.None));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(guesses);

        Assert.Equal(SmsCode.MaxAttempts, await app.QueryAsync(db => db.SmsCodes.Where(c => c.Phone == phone).Select(c => c.FailedAttempts).SingleAsync()));
        Assert.Equal(SmsCode.MaxAttempts - 1, results.Count(r => r.Check == SmsCodeCheck.Wrong));
        Assert.All(results, r => Assert.False(r.Succeeded));
        var afterwards = await InScopeAsync(s => s.VerifyAsync(phone, right, CancellationToken.None));
        Assert.Equal((SmsCodeCheck.TooManyAttempts, 0), (afterwards.Check, afterwards.AttemptsLeft));
        Assert.Null(await app.QueryAsync(db => db.SmsCodes.Where(c => c.Phone == phone).Select(c => c.UsedAt).SingleAsync()));
    }

    [Fact]
    public async Task VerifyAsync_RightCodeTwiceAtOnce_SignsInOnlyOnce()
    {
        const string phone = "13812349902";
        await InScopeAsync(s => s.RequestAsync(phone, CancellationToken.None));
        var right = await app.ReadLatestSmsCodeAsync(phone);

        using var start = new ManualResetEventSlim();
        var tries = Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return InScopeAsync(s => s.VerifyAsync(phone, right, CancellationToken.None));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tries);

        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(SmsCodeCheck.AlreadyUsed, r.Check));
    }

    [Fact]
    public async Task VerifyAsync_WrongThenRight_CountsDownAndThenSignsIn()
    {
        const string phone = "13812349903";
        await InScopeAsync(s => s.RequestAsync(phone, CancellationToken.None));
        var right = await app.ReadLatestSmsCodeAsync(phone);

        var first = await InScopeAsync(s => s.VerifyAsync(phone, right == "000000" ? "111111" : "000000", CancellationToken.None));
        var second = await InScopeAsync(s => s.VerifyAsync(phone, right, CancellationToken.None));

        Assert.Equal((SmsCodeCheck.Wrong, SmsCode.MaxAttempts - 1), (first.Check, first.AttemptsLeft));
        Assert.True(second.Succeeded);
    }

    private async Task<T> InScopeAsync<T>(Func<SmsCodeService, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SmsCodeService>());
    }
}
