using CtecSkills.Core.Credentials;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Scaling;

/// <summary>
/// Status lists are published after every status change and on first demand, by any node: publishers of one list take
/// turns, so none fails on the other's row and the list stored last was read last.
/// </summary>
public sealed class StatusListPublishingTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task Publish_TwentyFirstPublicationsAtOnceOverBothNodes_AllSucceedIntoOneRowThatSaysTheLatestBits()
    {
        var credential = await nodes.A.IssuedCredentialAsync(DemoSeeder.Bases[2]);
        // A list number of its own, never published, so every publisher races to create its row.
        const int sequence = 77;
        await nodes.A.QueryAsync(db => db.IssuedCredentials.Where(c => c.Id == credential.Id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.StatusListSequence, sequence).SetProperty(c => c.SuspendedAt, TimeProvider.System.GetUtcNow())));

        using var start = new ManualResetEventSlim();
        var publishers = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            await using var scope = (i % 2 == 0 ? nodes.A.Services : nodes.B.Services).CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<StatusListPublisher>()
                .PublishAsync(credential.IssuerBaseId, StatusPurpose.Suspension, sequence, CancellationToken.None);
        })).ToList();
        start.Set();
        var published = await Task.WhenAll(publishers);

        var rows = await nodes.A.QueryAsync(db => db.StatusListPublications.AsNoTracking()
            .Where(p => p.TrainingBaseId == credential.IssuerBaseId && p.Purpose == StatusPurpose.Suspension && p.Sequence == sequence).ToListAsync());
        var row = Assert.Single(rows);
        Assert.Contains(published, p => p.Jws == row.Jws);
        var encodedList = System.Text.Json.Nodes.JsonNode.Parse(row.CredentialJson!)!["credentialSubject"]!["encodedList"]!.GetValue<string>();
        Assert.True(BitstringStatusList.Decode(encodedList)[credential.StatusIndex]);
    }
}
