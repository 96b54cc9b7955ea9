namespace CtecSkills.Core.Sms;

/// <summary>The one seam through which every text message leaves the platform.</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken ct);

    /// <summary>
    /// Sends one text to many phones (a roster's invitations) and returns the phones it could not reach; a failed
    /// phone does not stop the others. Senders that can batch do it in one go.
    /// </summary>
    async Task<IReadOnlyList<string>> SendToManyAsync(IReadOnlyCollection<string> phones, string text, CancellationToken ct)
    {
        var failed = new List<string>();
        foreach (var phone in phones)
        {
            try
            {
                await SendAsync(phone, text, ct);
            }
            catch (SmsDeliveryException)
            {
                failed.Add(phone);
            }
        }
        return failed;
    }
}

public sealed class SmsDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
