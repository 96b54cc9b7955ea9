using CtecSkills.Core.Accounts;
using CtecSkills.Core.Organizations;

namespace CtecSkills.Core.Verification;

public enum ApplicationStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// An employer or HR bureau asking to verify credentials. The account exists from the start (so the person can sign in
/// and see where the application stands) but holds the Verifier role only once an admin approves.
/// </summary>
public sealed class VerifierApplication
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public required string OrganizationName { get; set; }
    public OrganizationKind OrganizationKind { get; set; }
    public required string LocalityCode { get; set; }
    public required string ContactName { get; set; }
    public required string Email { get; set; }
    public ApplicationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    public string? DecisionReason { get; set; }
}
