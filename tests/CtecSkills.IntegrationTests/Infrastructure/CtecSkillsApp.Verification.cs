using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Seeding;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>One learner completes the test course at the base and the issuing job issues their credential.</summary>
    public async Task<IssuedCredential> IssuedCredentialAsync(DemoBase at)
    {
        var enrollments = await CompletedEnrollmentsAsync(at, 1);
        await RunIssuingJobAsync();
        return Assert.Single(await CredentialsForAsync(enrollments));
    }

    /// <summary>POSTs a body to the public verification API as an outside HR system would, without signing in.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string? ContentType, JsonNode? Body)> PostVerifyApiAsync(HttpContent content)
    {
        using var client = CreateClient();
        using var response = await client.PostAsync("/api/v1/verify", content);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    public async Task<JsonNode> VerifyApiOkAsync(object request)
    {
        var (status, _, body) = await PostVerifyApiAsync(JsonContent.Create(request));
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        return body!;
    }

    /// <summary>Records a recognition agreement on the admin page, as an admin acting for the region's HR authority.</summary>
    public static async Task<HtmlPage> RecordAgreementAsync(HttpClient admin, string reference, string from, string to, int achievementId,
        DateOnly validFrom, DateOnly? validUntil, string standard)
    {
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await GetPageAsync(admin, "/admin/recognition");
        return await SubmitAndFollowAsync(admin, page.Form("/admin/recognition")
            .Set("Reference", reference).Set("IssuedInProvince", from).Set("RecognizedInProvince", to)
            .Set("Category", "").Set("Level", "").Set("AchievementId", achievementId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("LocalStandard", standard).Set("ValidFrom", Day(validFrom)).Set("ValidUntil", validUntil is { } u ? Day(u) : ""));
    }

    /// <summary>What a page weighs on the wire, gzip-compressed (the 14 KB first-view budget).</summary>
    public static long GzipSize(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return buffer.Length;
    }
}
