using CtecSkills.Core.Data;

namespace CtecSkills.Core.Sms;

/// <summary>The one way a feature sends a text: queue it in the unit of work of the change that causes it.</summary>
public static class MessageOutbox
{
    /// <summary>
    /// Adds the text to the caller's unit of work: it commits with the change that explains it, or not at all, and is
    /// sent after the commit by <see cref="MessageSendJob"/>. Nothing here talks to the gateway, so a gateway that is
    /// down never fails the request.
    /// </summary>
    public static OutboundMessage QueueSms(this AppDbContext db, string key, string phone, string text, DateTimeOffset now,
        DateTimeOffset? expiresAt = null, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        var message = new OutboundMessage
        {
            Key = key,
            Phone = phone,
            Text = text,
            Secret = secret,
            State = MessageState.Queued,
            CreatedAt = now,
            NextAttemptAt = now,
            ExpiresAt = expiresAt,
        };
        db.OutboundMessages.Add(message);
        return message;
    }

    public static string InvitationKey(int cohortId, string userId) => $"invitation:{cohortId}:{userId}";

    /// <summary>The prefix of every invitation key of a cohort (the roster page looks its learners' messages up by it).</summary>
    public static string InvitationKeyPrefix(int cohortId) => $"invitation:{cohortId}:";
}
