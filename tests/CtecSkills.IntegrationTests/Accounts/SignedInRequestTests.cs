using System.Data.Common;
using System.Net;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>The app on a clock the test moves, counting the database commands that read the accounts table.</summary>
public sealed class AccountReadsApp : CtecSkillsApp
{
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public AccountReadCounter AccountReads { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(AccountReads);
        });
    }
}

public sealed class AccountReadCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    private void Observe(DbCommand command)
    {
        if (command.CommandText.Contains("\"AspNetUsers\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }
}

/// <summary>
/// A signed-in request reads its account once: the check that the account still exists (an erased account's cookie
/// fails at once), the security stamp check and the page that shows the account share that one read.
/// </summary>
public sealed class SignedInRequestTests(AccountReadsApp app) : IClassFixture<AccountReadsApp>
{
    [Fact]
    public async Task PasswordPage_SignedIn_ReadsTheAccountOnceAlsoWhenTheStampIsChecked()
    {
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[0].StaffEmail);

        app.AccountReads.Reset();
        using (var page = await staff.GetAsync("/account/password"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        Assert.Equal(1, app.AccountReads.Count);

        // Past the stamp check interval (one minute): the validator checks the stamp of the account already read.
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        app.AccountReads.Reset();
        using (var page = await staff.GetAsync("/account/password"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        Assert.Equal(1, app.AccountReads.Count);
    }
}
