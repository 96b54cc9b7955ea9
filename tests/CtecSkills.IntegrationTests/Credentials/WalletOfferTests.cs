using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Maintenance;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CtecSkills.IntegrationTests.Credentials;

/// <summary>
/// 添加到数字钱包 (issue 16, point 5): the learner's offer link, read as the DCC Learner Credential Wallet reads it, leads
/// to a public exchange that hands out exactly the issued credential, which the DCC verifier stack accepts; only while
/// the offer lives, only the learner's own credential, never a revoked one (docs/decisions/0036).
/// </summary>
public sealed class WalletOfferTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    [Fact]
    public async Task Offer_ReadAsTheLcwDoes_PostGivesAPresentationOfExactlyTheIssuedCredentialThatVerifiesInTheDccStack()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);

        var page = await CtecSkillsApp.OfferToWalletAsync(learner, credential.VerificationCode);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/me/credentials/{credential.VerificationCode}/wallet-offer", page.Path);
        Assert.NotNull(page.Document.QuerySelector(".qr svg[role=img]"));
        Assert.Contains("扫", page.Text, StringComparison.Ordinal);
        var deepLink = CtecSkillsApp.WalletDeepLink(page);
        Assert.StartsWith("https://lcw.app/request?request=", deepLink, StringComparison.Ordinal);
        var (request, exchange) = CtecSkillsApp.ReadWalletRequest(deepLink);
        var publicBase = new Uri(app.Services.GetRequiredService<CredentialUrls>().Base);
        Assert.Equal(publicBase.GetLeftPart(UriPartial.Authority), request["credentialRequestOrigin"]!.GetValue<string>());
        Assert.Equal(publicBase.GetLeftPart(UriPartial.Authority), exchange.GetLeftPart(UriPartial.Authority));
        Assert.Matches("^/api/v1/exchanges/[A-Za-z0-9_-]{22}$", exchange.AbsolutePath);
        var offer = await app.QueryAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.UserId == userId));
        Assert.Contains(Display.Clock(offer.ExpiresAt), page.Text, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(15), offer.ExpiresAt - offer.CreatedAt);

        // The wallet: no cookies, no sign-in, the body it always sends.
        using var wallet = app.CreateClient();
        using var posted = await wallet.PostAsync(exchange.PathAndQuery, new StringContent("{}", Encoding.UTF8, "application/json"));
        var body = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("*", Assert.Single(posted.Headers.GetValues("Access-Control-Allow-Origin")));
        var answer = JsonNode.Parse(body)!.AsObject();
        Assert.Null(answer["verifiablePresentationRequest"]);
        var presentation = answer["verifiablePresentation"]!;
        Assert.Equal("VerifiablePresentation", Assert.Single(presentation["type"]!.AsArray())!.GetValue<string>());
        var handed = Assert.Single(presentation["verifiableCredential"]!.AsArray())!.AsObject();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(credential.CredentialJson), handed), body);
        Assert.Contains(credential.CredentialJson, body, StringComparison.Ordinal);

        using var fetched = await wallet.GetAsync(exchange.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(credential.CredentialJson, await fetched.Content.ReadAsStringAsync());

        var verified = Assert.Single(await app.VerifyWithDccAsync([handed], [credential.IssuerBaseId]))!;
        Assert.True(verified["verified"]!.GetValue<bool>(), verified.ToJsonString());

        // Only the token's hash is stored; nothing in the row is the token.
        var token = exchange.AbsolutePath["/api/v1/exchanges/".Length..];
        var stored = await app.QueryAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.UserId == userId));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        Assert.DoesNotContain(token, string.Join("|", stored.TokenHash, stored.UserId, stored.Id), StringComparison.Ordinal);
        Assert.Equal(2, stored.FetchCount);
        // Back from the wallet app, the page still shows the link and says the credential arrived.
        var again = await CtecSkillsApp.GetPageAsync(learner, page.Path);
        Assert.Equal(deepLink, CtecSkillsApp.WalletDeepLink(again));
        Assert.Contains("钱包已经取走了这张证书（2 次", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offer_AnotherLearnersCredential_404AndNothingSaved()
    {
        var (_, ownerId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var (other, otherId, own) = await app.LearnerWithCredentialAsync(Chengdu);
        // Their own button, pointed at the first learner's credential, as a hand-made request would.
        var ownPage = await CtecSkillsApp.GetPageAsync(other, "/me/credentials");
        var form = ownPage.Form($"/me/credentials/{own.VerificationCode}/wallet-offer").RetargetTo($"/me/credentials/{credential.VerificationCode}/wallet-offer");

        using var made = await CtecSkillsApp.SubmitAsync(other, form);
        using var viewed = await other.GetAsync($"/me/credentials/{credential.VerificationCode}/wallet-offer");

        Assert.Equal(HttpStatusCode.NotFound, made.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, viewed.StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.WalletOffers.CountAsync(o => o.UserId == otherId || o.UserId == ownerId)));
    }

    [Fact]
    public async Task Exchange_ExpiredOffer_404ProblemForPostAndGet()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var (_, exchange) = CtecSkillsApp.ReadWalletRequest(CtecSkillsApp.WalletDeepLink(await CtecSkillsApp.OfferToWalletAsync(learner, credential.VerificationCode)));
        await app.QueryAsync(db => db.WalletOffers.Where(o => o.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.ExpiresAt, TimeProvider.System.GetUtcNow().AddSeconds(-1))));

        await AssertRefusedAsync(exchange, HttpStatusCode.NotFound, "unknown-wallet-offer");
        var page = await CtecSkillsApp.GetPageAsync(learner, $"/me/credentials/{credential.VerificationCode}/wallet-offer");
        Assert.Null(page.Document.QuerySelector("a.button.big"));
        Assert.Contains("之前的链接已经过期了", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_AfterTheLearnerCancelsOrMakesANewOne_OldLinkIs404AndTheNewOneWorks()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var first = await CtecSkillsApp.OfferToWalletAsync(learner, credential.VerificationCode);
        var (_, firstExchange) = CtecSkillsApp.ReadWalletRequest(CtecSkillsApp.WalletDeepLink(first));

        var renewed = await CtecSkillsApp.SubmitAndFollowAsync(learner, first.Form($"/me/credentials/{credential.VerificationCode}/wallet-offer"));
        var (_, secondExchange) = CtecSkillsApp.ReadWalletRequest(CtecSkillsApp.WalletDeepLink(renewed));

        Assert.NotEqual(firstExchange, secondExchange);
        await AssertRefusedAsync(firstExchange, HttpStatusCode.NotFound, "unknown-wallet-offer");
        using var wallet = app.CreateClient();
        using (var works = await wallet.PostAsync(secondExchange.PathAndQuery, new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, works.StatusCode);
        }

        var cancelled = await CtecSkillsApp.SubmitAndFollowAsync(learner, renewed.Form($"/me/credentials/{credential.VerificationCode}/wallet-offer/cancel"));

        Assert.Contains("链接已取消", cancelled.Text, StringComparison.Ordinal);
        Assert.Null(cancelled.Document.QuerySelector("a.button.big"));
        await AssertRefusedAsync(secondExchange, HttpStatusCode.NotFound, "unknown-wallet-offer");
        Assert.Equal(2, await app.QueryAsync(db => db.WalletOffers.CountAsync(o => o.UserId == userId && o.CancelledAt != null)));
    }

    [Fact]
    public async Task Exchange_CredentialRevokedAfterTheOffer_RefusedWithTheReasonAndNoNewOfferCanBeMade()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var page = await CtecSkillsApp.OfferToWalletAsync(learner, credential.VerificationCode);
        var (_, exchange) = CtecSkillsApp.ReadWalletRequest(CtecSkillsApp.WalletDeepLink(page));

        await app.RevokeAsAdminAsync(credential.VerificationCode, "测试：吊销后不再交给钱包");

        var problem = await AssertRefusedAsync(exchange, HttpStatusCode.Gone, "credential-withdrawn");
        Assert.Contains("revoked", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var wallet = await CtecSkillsApp.GetPageAsync(learner, "/me/credentials");
        Assert.Null(wallet.Document.QuerySelector($"form[action='/me/credentials/{credential.VerificationCode}/wallet-offer']"));
        // A hand-made request (the button is gone) makes nothing either.
        var made = await CtecSkillsApp.SubmitAndFollowAsync(learner, HtmlFormWithToken(wallet, $"/me/credentials/{credential.VerificationCode}/wallet-offer"));
        Assert.Contains("已被吊销", made.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.WalletOffers.CountAsync(o => o.UserId == userId)));
    }

    [Fact]
    public async Task Exchange_UnknownOrMalformedToken_404ProblemWithCors()
    {
        await AssertRefusedAsync(new Uri("http://localhost/api/v1/exchanges/AAAAAAAAAAAAAAAAAAAAAA"), HttpStatusCode.NotFound, "unknown-wallet-offer");
        await AssertRefusedAsync(new Uri("http://localhost/api/v1/exchanges/not-a-token"), HttpStatusCode.NotFound, "unknown-wallet-offer");
    }

    [Fact]
    public async Task Exchange_BrowserWalletPreflight_AllowsAJsonPostFromAnyOrigin()
    {
        using var browserWallet = app.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/exchanges/AAAAAAAAAAAAAAAAAAAAAA");
        preflight.Headers.Add("Origin", "https://wallet.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var answer = await browserWallet.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("Content-Type", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RetentionJob_ExpiredOffers_DeletedAndLiveOnesKept()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        await CtecSkillsApp.OfferToWalletAsync(learner, credential.VerificationCode);
        await CtecSkillsApp.OfferToWalletAsync(learner, credential.VerificationCode);
        var newest = await app.QueryAsync(db => db.WalletOffers.Where(o => o.UserId == userId).MaxAsync(o => o.Id));
        await app.QueryAsync(db => db.WalletOffers.Where(o => o.UserId == userId && o.Id != newest)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.ExpiresAt, TimeProvider.System.GetUtcNow().AddSeconds(-1))));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var job = new RetentionJob(scope.ServiceProvider.GetRequiredService<AppDbContext>(), TimeProvider.System, Options.Create(new RetentionOptions()),
                NullLogger<RetentionJob>.Instance);
            Assert.True((await job.RunAsync(CancellationToken.None))[RetentionJob.WalletOffers] >= 1);
        }

        Assert.Equal([newest], await app.QueryAsync(db => db.WalletOffers.Where(o => o.UserId == userId).Select(o => o.Id).ToListAsync()));
    }

    /// <summary>A wallet's POST and a fetcher's GET both get the same RFC 9457 refusal, readable from any origin.</summary>
    private async Task<JsonObject> AssertRefusedAsync(Uri exchange, HttpStatusCode status, string problem)
    {
        using var wallet = app.CreateClient();
        using var posted = await wallet.PostAsync(exchange.PathAndQuery, new StringContent("{}", Encoding.UTF8, "application/json"));
        using var fetched = await wallet.GetAsync(exchange.PathAndQuery);
        JsonObject? answer = null;
        foreach (var response in new[] { posted, fetched })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.EndsWith("/" + problem, answer["type"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain("credentialSubject", answer.ToJsonString(), StringComparison.Ordinal);
        }
        return answer!;
    }

    /// <summary>Any form of the page retargeted at another action: the anti-forgery token a hand-made request would carry.</summary>
    private static HtmlForm HtmlFormWithToken(HtmlPage page, string action) =>
        HtmlForm.From((AngleSharp.Html.Dom.IHtmlFormElement)page.Document.QuerySelector("form[method=post]")!).RetargetTo(action);
}
