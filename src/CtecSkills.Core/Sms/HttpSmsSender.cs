using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Sms;

/// <summary>
/// Posts <c>{"phone": …, "text": …}</c> as JSON to the configured gateway with the shared secret in
/// <c>X-Gateway-Secret</c> and the message's key in <c>Idempotency-Key</c>, so that a gateway which keeps keys drops
/// the second copy of a message resent after a crash (docs/decisions/0019). A 5xx answer, an unreachable gateway and a
/// timeout are delivery failures the outbox retries; a 4xx that refuses the message itself is final.
/// </summary>
public sealed class HttpSmsSender(HttpClient http, IOptions<SmsOptions> options) : ISmsSender
{
    public const string SecretHeader = "X-Gateway-Secret";
    public const string IdempotencyHeader = "Idempotency-Key";

    public async Task SendAsync(string phone, string text, string messageKey, CancellationToken ct)
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
        request.Headers.Add(IdempotencyHeader, messageKey);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new SmsDeliveryException("SMS gateway unreachable.", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SmsDeliveryException("SMS gateway timed out.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new SmsDeliveryException($"SMS gateway answered {status}.", refused: RefusesTheMessage(status));
            }
        }
    }

    // 401/403/404 say our secret or address is wrong and 408/409/425/429 say "not now": every message would get them, so
    // they are the gateway's state and are retried like a 5xx until the operator fixes it. Any other 4xx is about this
    // message, and asking again gets the same answer.
    private static bool RefusesTheMessage(int status) =>
        status is >= 400 and < 500 and not (401 or 403 or 404 or 408 or 409 or 425 or 429);
}
