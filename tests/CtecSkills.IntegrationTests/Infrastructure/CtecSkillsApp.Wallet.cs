using System.Text.Json.Nodes;
using System.Web;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>The learner taps 添加到数字钱包 under the credential on /me/credentials; returns the offer page they land on.</summary>
    public static async Task<HtmlPage> OfferToWalletAsync(HttpClient learner, string code)
    {
        var wallet = await GetPageAsync(learner, "/me/credentials");
        return await SubmitAndFollowAsync(learner, wallet.Form($"/me/credentials/{code}/wallet-offer"));
    }

    /// <summary>The href of the big button on an offer page: the link that opens the wallet.</summary>
    public static string WalletDeepLink(HtmlPage offerPage)
    {
        var link = offerPage.Document.QuerySelector("a.button.big");
        Assert.True(link is not null, $"No wallet link on {offerPage.Path}: {offerPage.Text}");
        return link.GetAttribute("href")!;
    }

    /// <summary>
    /// Reads a deep link the way the Learner Credential Wallet does: the <c>request</c> query parameter, URL-decoded, is
    /// a JSON wallet request whose <c>protocols.vcapi</c> is the exchange to POST to.
    /// </summary>
    public static (JsonObject Request, Uri Exchange) ReadWalletRequest(string deepLink)
    {
        var query = HttpUtility.ParseQueryString(new Uri(deepLink).Query);
        var request = JsonNode.Parse(query["request"]!)!.AsObject();
        return (request, new Uri(request["protocols"]!["vcapi"]!.GetValue<string>()));
    }
}
