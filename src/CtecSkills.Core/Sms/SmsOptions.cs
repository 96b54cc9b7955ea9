namespace CtecSkills.Core.Sms;

public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary><c>Outbox</c> (development: stored and listed for admins) or <c>Http</c> (a real gateway).</summary>
    public string Sender { get; set; } = "Outbox";

    public Uri? GatewayUrl { get; set; }

    /// <summary>Shared secret sent in the <c>X-Gateway-Secret</c> header.</summary>
    public string? GatewaySecret { get; set; }

    /// <summary>Signature (签名) that Chinese SMS rules require in front of every message.</summary>
    public string Signature { get; set; } = "【川渝数字技能】";

    /// <summary>Where an invited learner signs in with their phone; printed in roster invitations.</summary>
    public string SignInUrl { get; set; } = "https://ctecskills.cn/account/phone";
}
