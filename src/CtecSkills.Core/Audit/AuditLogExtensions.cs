using CtecSkills.Core.Data;

namespace CtecSkills.Core.Audit;

/// <summary>The one way an audit entry is written: added to the caller's unit of work, so it commits (or not) with the change it explains.</summary>
public static class AuditLogExtensions
{
    public static void Audit(this AppDbContext db, DateTimeOffset at, string actorUserId, string action, string subject,
        int? trainingBaseId = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.AuditLog.Add(new AuditEntry
        {
            At = at,
            ActorUserId = actorUserId,
            Action = action,
            Subject = subject,
            TrainingBaseId = trainingBaseId,
            Reason = reason,
        });
    }
}
