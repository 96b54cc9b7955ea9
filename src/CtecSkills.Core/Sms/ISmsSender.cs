namespace CtecSkills.Core.Sms;

/// <summary>The one seam through which every text message leaves the platform.</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken ct);
}

public sealed class SmsDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
