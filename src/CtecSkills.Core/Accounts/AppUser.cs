using CtecSkills.Core.Organizations;
using Microsoft.AspNetCore.Identity;

namespace CtecSkills.Core.Accounts;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Version of the privacy notice the person accepted at sign-up (PIPL consent record).</summary>
    public string? PrivacyNoticeVersion { get; set; }

    public DateTimeOffset? PrivacyAcceptedAt { get; set; }

    /// <summary>The employer or HR organization a verifier acts for.</summary>
    public int? OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public List<BaseMembership> BaseMemberships { get; } = [];
}
