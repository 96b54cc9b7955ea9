using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Cluster;

/// <summary>
/// Two web nodes and a worker, real processes on one PostgreSQL database: a person's session, forms and what they
/// change hold whichever node the load balancer sends them to, and the worker serves nothing but its health.
/// </summary>
[Collection(nameof(ClusterProcesses))]
public sealed class ClusterTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private AppNode WebA => cluster.Node(PostgresCluster.WebA);

    private AppNode WebB => cluster.Node(PostgresCluster.WebB);

    private AppNode Worker => cluster.Node(PostgresCluster.Worker);

    [PostgresFact]
    public async Task Healthz_OnEveryNode_SaysWhatTheNodeDoes()
    {
        foreach (var (node, role) in new[] { (WebA, "Web"), (WebB, "Web"), (Worker, "Worker") })
        {
            using var client = node.CreateClient();
            using var response = await client.GetAsync("/healthz");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", (string?)body["status"]);
            Assert.Equal(role, (string?)body["role"]);
        }
    }

    [PostgresFact]
    public async Task Worker_EveryPathButHealth_IsNotFound()
    {
        using var client = Worker.CreateClient();

        foreach (var path in new[] { "/", "/account/signin", "/account/phone", "/verify", "/admin/jobs", "/css/site.css", "/.well-known/jwks.json", "/openapi/v1.json" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode} on the worker.");
        }
        using (var post = await client.PostAsync("/api/v1/verify", new StringContent("{\"code\":\"X\"}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        using var live = await client.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [PostgresFact]
    public async Task SignIn_OnWebA_TheSessionAndItsFormsWorkOnWebB()
    {
        var code = await UnchangedCredentialCodeAsync(newest: true);
        var browser = ClusterFixture.NewBrowser();
        using var onA = WebA.CreateClient(browser);
        using var onB = WebB.CreateClient(browser);

        var landed = await CtecSkillsApp.SignInWithPasswordAsync(onA, CtecSkillsApp.AdminEmail, CtecSkillsApp.DemoPassword);
        Assert.Equal("/me", landed.Path);
        // The cookie and the form's anti-forgery token were made by A; B reads the one and checks the other.
        var url = $"/credentials/manage/{code}";
        var manage = await CtecSkillsApp.GetPageAsync(onB, url);
        Assert.Equal(url, manage.Path);
        var after = await CtecSkillsApp.SubmitAndFollowAsync(onB, manage.Form(url + "/status").Set("reason", "集群测试：在另一台节点上暂停").Add("change", "Suspend"));

        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.NotNull(await cluster.QueryAsync(db => db.IssuedCredentials.Where(c => c.VerificationCode == code).Select(c => c.SuspendedAt).SingleAsync()));
    }

    [PostgresFact]
    public async Task Revoke_OnWebA_WebBsVerifyPageSaysRevokedWithinTheStatusListFreshness()
    {
        var code = await UnchangedCredentialCodeAsync(newest: false);
        using var onB = WebB.CreateClient();
        // B has checked the list already (it is in B's cache) when A revokes.
        var before = await CtecSkillsApp.GetPageAsync(onB, $"/verify/{code}");
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.DoesNotContain("已撤销", before.Text, StringComparison.Ordinal);

        var browser = ClusterFixture.NewBrowser();
        using var onA = WebA.CreateClient(browser);
        await CtecSkillsApp.SignInWithPasswordAsync(onA, CtecSkillsApp.AdminEmail, CtecSkillsApp.DemoPassword);
        var url = $"/credentials/manage/{code}";
        var manage = await CtecSkillsApp.GetPageAsync(onA, url);
        await CtecSkillsApp.SubmitAndFollowAsync(onA, manage.Form(url + "/status").Set("reason", "集群测试：撤销").Add("change", "Revoke"));
        var revoked = Stopwatch.StartNew();

        var bound = StatusListCache.Freshness + TimeSpan.FromSeconds(2);
        while (true)
        {
            var page = await CtecSkillsApp.GetPageAsync(onB, $"/verify/{code}");
            if (page.Text.Contains("已撤销", StringComparison.Ordinal))
            {
                break;
            }
            Assert.True(revoked.Elapsed < bound, $"Web B still did not say 已撤销 {revoked.Elapsed} after the revocation on A (bound {bound}).");
            await Task.Delay(100);
        }
    }

    /// <summary>A valid credential of the demo: the newest or the oldest, so that two tests never take the same one.</summary>
    private Task<string> UnchangedCredentialCodeAsync(bool newest)
    {
        var now = TimeProvider.System.GetUtcNow();
        return cluster.QueryAsync(async db =>
        {
            var valid = db.IssuedCredentials.AsNoTracking()
                .Where(c => c.RevokedAt == null && c.SuspendedAt == null && (c.ValidUntil == null || c.ValidUntil > now));
            return await (newest ? valid.OrderByDescending(c => c.Id) : valid.OrderBy(c => c.Id)).Select(c => c.VerificationCode).FirstAsync();
        });
    }
}
