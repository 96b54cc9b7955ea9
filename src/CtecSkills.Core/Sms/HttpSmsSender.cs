using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Sms;

/// <summary>
/// Posts <c>{"phone": …, "text": …}</c> as JSON to the configured gateway with the shared secret in
/// <c>X-Gateway-Secret</c>. Any non-success answer is a delivery failure the caller can report.
/// </summary>
public sealed class HttpSmsSender(HttpClient http, IOptions<SmsOptions> options) : ISmsSender
{
    public const string SecretHeader = "X-Gateway-Secret";

    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.GatewayUrl is null || string.IsNullOrEmpty(settings.GatewaySecret))
        {
            throw new SmsDeliveryException("Sms:GatewayUrl and Sms:GatewaySecret must be set for the Http sender.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.GatewayUrl)
        {
            Content = JsonContent.Create(new { phone, text }),
        };
        request.Headers.Add(SecretHeader, settings.GatewaySecret);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new SmsDeliveryException("SMS gateway unreachable.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SmsDeliveryException($"SMS gateway answered {(int)response.StatusCode}.");
            }
        }
    }
}
