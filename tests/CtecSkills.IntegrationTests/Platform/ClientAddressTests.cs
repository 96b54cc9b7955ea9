using System.Net;
using System.Text;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// Behind one known load balancer (10.0.0.1), with low limits on the anonymous endpoints. The test server has no real
/// peers, so each request names the address it comes from in <see cref="PeerHeader"/>, read before anything else.
/// </summary>
public sealed class BehindAProxyApp : CtecSkillsApp
{
    public const string PeerHeader = "X-Test-Peer";
    public const string Proxy = "10.0.0.1";
    public const int DecomposePerMinute = 3;
    public const int RegisterPerHour = 2;

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings[SettingKeys.TrustForwardedHeaders] = "true";
        settings[SettingKeys.KnownProxy] = Proxy;
        settings[SettingKeys.DecomposePerMinute] = Number(DecomposePerMinute);
        settings[SettingKeys.RegisterPerHour] = Number(RegisterPerHour);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerAddressFilter>());
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer!);
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// Rate limits count per client address, and a client cannot choose that address: <c>X-Forwarded-For</c> is believed
/// only from the configured proxy.
/// </summary>
public sealed class ClientAddressTests(BehindAProxyApp app) : IClassFixture<BehindAProxyApp>
{
    [Fact]
    public async Task DecomposeApi_SpoofedForwardedForFromAnUnknownAddress_StillCountsAgainstThatAddress()
    {
        using var client = app.CreateClient();
        for (var i = 1; i <= BehindAProxyApp.DecomposePerMinute; i++)
        {
            using var allowed = await DecomposeAsync(client, peer: "203.0.113.7", forwardedFor: $"198.51.100.{i}");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refused = await DecomposeAsync(client, peer: "203.0.113.7", forwardedFor: "198.51.100.99");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task DecomposeApi_ThroughTheKnownProxy_EachForwardedClientHasItsOwnLimit()
    {
        using var client = app.CreateClient();
        for (var i = 1; i <= BehindAProxyApp.DecomposePerMinute; i++)
        {
            using var allowed = await DecomposeAsync(client, BehindAProxyApp.Proxy, forwardedFor: "192.0.2.10");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var sameClient = await DecomposeAsync(client, BehindAProxyApp.Proxy, forwardedFor: "192.0.2.10");
        using var otherClient = await DecomposeAsync(client, BehindAProxyApp.Proxy, forwardedFor: "192.0.2.11");

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherClient.StatusCode);
    }

    [Fact]
    public async Task VerifierRegistration_MoreThanTheLimitFromOneClient_Gets429AndCreatesNothing()
    {
        const string peer = "203.0.113.8";
        using var browser = app.CreateBrowserClient();
        browser.DefaultRequestHeaders.Add(BehindAProxyApp.PeerHeader, peer);
        for (var i = 0; i < BehindAProxyApp.RegisterPerHour; i++)
        {
            var page = await Verification.VerifierRegistrationTests.ApplyAsync(browser, $"hr-{Guid.NewGuid():N}@example.cn", "限流测试单位");
            Assert.Equal("/verifiers/registered", page.Path);
        }
        var before = await app.QueryAsync(db => db.VerifierApplications.CountAsync());

        var refused = await Verification.VerifierRegistrationTests.ApplyAsync(browser, $"hr-{Guid.NewGuid():N}@example.cn", "限流测试单位");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("操作太频繁", refused.Heading, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.VerifierApplications.CountAsync()));
    }

    private static async Task<HttpResponseMessage> DecomposeAsync(HttpClient client, string peer, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/index/decompose")
        {
            Content = new StringContent("province,locality,area,population,value\n50,500118,urban,abc,1\n", Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add(BehindAProxyApp.PeerHeader, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
