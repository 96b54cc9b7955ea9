namespace CtecSkills.Core.Sms;

/// <summary>Where a text is on its way out; staff see it next to each invited learner.</summary>
public enum MessageState
{
    /// <summary>Written with the change that caused it, waiting for the send job (also between retries).</summary>
    Queued,

    /// <summary>Claimed by one send job until <see cref="OutboundMessage.LeaseUntil"/>.</summary>
    Sending,

    Sent,

    /// <summary>Given up: out of attempts, or a sign-in code that expired before the gateway took it.</summary>
    Failed,
}

/// <summary>
/// One text in the durable outbox (docs/decisions/0019): added to the unit of work of the change that causes it, sent
/// by <see cref="MessageSendJob"/>. <see cref="Key"/> names the message once (unique), so the same cause never queues
/// it twice, and it goes to the gateway as the idempotency key.
/// </summary>
public sealed class OutboundMessage
{
    public long Id { get; set; }

    /// <summary>What the message is for, unique: <c>invitation:{cohort}:{user}</c>, <c>reminder:{user}:{day}</c>, ….</summary>
    public required string Key { get; set; }

    public required string Phone { get; set; }

    /// <summary>Emptied once a sign-in code has left or given up: a copied database must not hold a code.</summary>
    public required string Text { get; set; }

    /// <summary>True for a sign-in code (see <see cref="Text"/>).</summary>
    public bool Secret { get; set; }

    public MessageState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not before this moment (back-off after a failed attempt).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A message still unsent at this moment is not sent at all (a sign-in code past its lifetime).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Until when the claiming job owns a <see cref="MessageState.Sending"/> message; after it, the sweep takes it back.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Which job run claimed the message.</summary>
    public Guid? ClaimedBy { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}
