using System.Net;
using CtecSkills.Core.Data;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Scaling;

/// <summary>
/// A deployment starts its nodes together. Each prepares the database before serving (migrations, reference and demo
/// data); on an empty database they must not trip over each other.
/// </summary>
public sealed class ParallelStartTests
{
    [Fact]
    public async Task Start_ThreeNodesAtOnceOnAnEmptyDatabase_AllServeAndTheDataIsThereOnce()
    {
        await using var database = TestDatabase.FromEnvironment();
        if (database.Provider == "Sqlite")
        {
            await database.CreateAsync();
        }
        // PostgreSQL: not even the database exists yet; the first node creates it.
        var settings = CtecSkillsHost.ForTests(database.Provider, database.ConnectionString, CtecSkillsHost.NewPseudonymKey());
        var hosts = Enumerable.Range(0, 3).Select(_ => new CtecSkillsHost(settings)).ToList();
        try
        {
            using var start = new ManualResetEventSlim();
            var starts = hosts.Select(h => Task.Run(() =>
            {
                start.Wait();
                _ = h.Server;
            })).ToList();
            start.Set();
            await Task.WhenAll(starts);

            foreach (var host in hosts)
            {
                using var client = host.CreateClient();
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            await using var scope = hosts[0].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(1, await db.Users.CountAsync(u => u.Email == DemoSeeder.AdminEmail));
            Assert.Equal(DemoSeeder.Bases.Count, await db.TrainingBases.CountAsync());
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
