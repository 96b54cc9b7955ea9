using CtecSkills.Core.Regions;
using Microsoft.AspNetCore.Identity;

namespace CtecSkills.Core.Accounts;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The language the person last chose (<c>zh-CN</c> or <c>en</c>): what SMS reminders are written in.</summary>
    public string? Culture { get; set; }

    /// <summary>Version of the privacy notice the person accepted at sign-up (PIPL consent record).</summary>
    public string? PrivacyNoticeVersion { get; set; }

    public DateTimeOffset? PrivacyAcceptedAt { get; set; }

    // No navigation to the organization, nor to the bases a staff member belongs to: Organizations sits above
    // Accounts, so those relationships are navigated from that side (BaseMembership.User, joins on the id).
    /// <summary>The employer or HR organization a verifier acts for.</summary>
    public int? OrganizationId { get; set; }

    // Learner profile: filled by the learner or a roster import; the index reports completions by these.
    public Gender? Gender { get; set; }
    public int? BirthYear { get; set; }
    public string? LocalityCode { get; set; }
    public Area? Area { get; set; }
    public LearnerGroup? LearnerGroup { get; set; }

    /// <summary>The cohort whose roster created this account (the person has not signed in or consented yet then).</summary>
    public int? CreatedByRosterOfCohortId { get; set; }
}
