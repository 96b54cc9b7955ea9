namespace CtecSkills.Core.Sms;

/// <summary>
/// The gateway seam: how one text leaves the platform. Only <see cref="MessageSendJob"/> calls it; features queue
/// texts with <see cref="MessageOutbox.QueueSms"/>.
/// </summary>
public interface ISmsSender
{
    /// <param name="messageKey">The message's unique key: the same key twice is the same message (a retry after a crash).</param>
    Task SendAsync(string phone, string text, string messageKey, CancellationToken ct);
}

/// <summary>
/// The gateway did not take the message (unreachable, timed out, failing); the outbox tries again later, unless the
/// gateway <see cref="Refused"/> this message itself.
/// </summary>
public sealed class SmsDeliveryException(string message, Exception? inner = null, bool refused = false) : Exception(message, inner)
{
    /// <summary>The gateway answered and will not carry this message (its number or text): sending it again gets the same answer.</summary>
    public bool Refused { get; } = refused;
}
