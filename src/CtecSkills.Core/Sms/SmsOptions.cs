using System.ComponentModel.DataAnnotations;

namespace CtecSkills.Core.Sms;

public sealed class SmsOptions : IValidatableObject
{
    public const string Section = "Sms";
    public const string OutboxSender = "Outbox";
    public const string HttpSender = "Http";

    /// <summary><c>Outbox</c> (development: stored and listed for admins) or <c>Http</c> (a real gateway).</summary>
    public string Sender { get; set; } = OutboxSender;

    /// <summary>
    /// The staging switch: Production refuses the outbox sender (sign-in codes would sit in the database, readable on an
    /// admin page, and never reach anyone) unless this is set, on a staging server that must not text real people.
    /// </summary>
    public bool AllowOutboxInProduction { get; set; }

    public Uri? GatewayUrl { get; set; }

    /// <summary>Shared secret sent in the <c>X-Gateway-Secret</c> header.</summary>
    public string? GatewaySecret { get; set; }

    /// <summary>How long one gateway call may take before it counts as failed and is retried later.</summary>
    public int GatewayTimeoutSeconds { get; set; } = 10;

    /// <summary>Signature (签名) that Chinese SMS rules require in front of every message.</summary>
    public string Signature { get; set; } = "【川渝数字技能】";

    /// <summary>Where an invited learner signs in with their phone; printed in roster invitations.</summary>
    public string SignInUrl { get; set; } = "https://ctecskills.cn/account/phone";

    public bool UsesHttpGateway => string.Equals(Sender, HttpSender, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesHttpGateway && !string.Equals(Sender, OutboxSender, StringComparison.OrdinalIgnoreCase))
        {
            yield return new($"must be {OutboxSender} or {HttpSender}, not '{Sender}'.", [nameof(Sender)]);
        }
        if (UsesHttpGateway && GatewayUrl is not { IsAbsoluteUri: true })
        {
            yield return new("an absolute URL is required when Sms:Sender is Http.", [nameof(GatewayUrl)]);
        }
        if (UsesHttpGateway && string.IsNullOrEmpty(GatewaySecret))
        {
            yield return new("is required when Sms:Sender is Http.", [nameof(GatewaySecret)]);
        }
        if (GatewayTimeoutSeconds is < 1 or > 120)
        {
            yield return new($"must be between 1 and 120 seconds, not {GatewayTimeoutSeconds}.", [nameof(GatewayTimeoutSeconds)]);
        }
        if (!Uri.TryCreate(SignInUrl, UriKind.Absolute, out var signIn) || (signIn.Scheme != Uri.UriSchemeHttps && signIn.Scheme != Uri.UriSchemeHttp))
        {
            yield return new($"must be an absolute http(s) URL, not '{SignInUrl}'.", [nameof(SignInUrl)]);
        }
    }
}
