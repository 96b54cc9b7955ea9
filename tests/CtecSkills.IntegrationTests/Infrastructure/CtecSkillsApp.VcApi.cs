using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>What a VC API client got back from <c>POST /credentials/verify</c>.</summary>
public sealed record VcApiAnswerSeen(HttpStatusCode Status, string? ContentType, JsonNode? Body, bool AllowsAnyOrigin);

public partial class CtecSkillsApp
{
    /// <summary>POSTs to the W3C VC API verifier as a wallet or verifier service would: anonymous unless a client is given.</summary>
    public async Task<VcApiAnswerSeen> PostVcApiAsync(HttpContent content, string? language = null, HttpClient? client = null)
    {
        var own = client is null ? CreateClient() : null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify") { Content = content };
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }
            using var response = await (client ?? own!).SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? body = null;
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
            }
            return new VcApiAnswerSeen(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                response.Headers.Contains("Access-Control-Allow-Origin"));
        }
        finally
        {
            own?.Dispose();
        }
    }

    /// <summary>A well-formed VC API request: the answer must be 200 whatever the verification found.</summary>
    public async Task<JsonObject> VcApiOkAsync(object request, string? language = null)
    {
        var answer = await PostVcApiAsync(JsonContent.Create(request), language);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body?.ToJsonString()}");
        Assert.Equal("application/json", answer.ContentType);
        return answer.Body!.AsObject();
    }

    /// <summary>The credential's VC-JWT as the VC 2.0 enveloped form a VC API client sends.</summary>
    public static JsonObject Enveloped(string jws) => new()
    {
        ["@context"] = "https://www.w3.org/ns/credentials/v2",
        ["type"] = "EnvelopedVerifiableCredential",
        ["id"] = "data:application/vc+jwt," + jws,
    };
}
