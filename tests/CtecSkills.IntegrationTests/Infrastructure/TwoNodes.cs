using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CtecSkills.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>
/// Two nodes of one deployment in the test process: <see cref="A"/>, the usual app with the demo data, and
/// <see cref="B"/>, a second host on the same database with the same settings (it seeds nothing; A did). What one
/// node changes, the other must see (docs/decisions/0030).
/// </summary>
public class TwoNodes : IAsyncLifetime
{
    private readonly TimeProvider? _clockOfB;

    public TwoNodes()
        : this(null)
    {
    }

    protected TwoNodes(TimeProvider? clockOfB)
    {
        _clockOfB = clockOfB;
    }

    public CtecSkillsApp A { get; } = new();

    public SecondNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)A).InitializeAsync();
        B = new SecondNode(A.Settings, _clockOfB);
        _ = B.Server;
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await ((IAsyncLifetime)A).DisposeAsync();
    }
}

/// <summary>
/// <see cref="TwoNodes"/> where B's clock stands still (an hour ahead, so that what A signs is already valid there): a
/// cache on B then never grows stale by age, and only a notice from A can make B read again.
/// </summary>
public sealed class TwoNodesWithBsClockStopped() : TwoNodes(new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(1)));

/// <summary>A second app host on another host's database and settings, without seeding; optionally with its own clock.</summary>
public sealed class SecondNode(IDictionary<string, string?> settingsOfFirst, TimeProvider? clock)
    : CtecSkillsHost(new Dictionary<string, string?>(settingsOfFirst) { [SettingKeys.SeedDemo] = "false" })
{
    /// <summary>The public verification API on this node, as an outside HR system calls it.</summary>
    public async Task<JsonNode> VerifyAsync(string code)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/verify", new { code });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (clock is not null)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
        }
    }
}

public static class Eventually
{
    /// <summary>Asks again every 50 ms until the condition holds; fails after <paramref name="within"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = TimeProvider.System.GetUtcNow() + within;
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < until, $"Not within {within.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
