using CtecSkills.Core.Cohorts;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// Outbox row for the credential issuer, written in the completion's transaction: one per enrollment (unique index),
/// so that the issuing job can run late, twice or after a restart and still find exactly what is owed.
/// </summary>
public sealed class IssuanceRequest
{
    public long Id { get; set; }
    public int EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
