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

/// <summary>The gateway did not take the message (unreachable, timed out, refused); the outbox tries again later.</summary>
public sealed class SmsDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
