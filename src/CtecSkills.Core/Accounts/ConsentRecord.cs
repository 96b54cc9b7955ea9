namespace CtecSkills.Core.Accounts;

/// <summary>How a consent step came about; shown in the learner's history and in their data export.</summary>
public enum ConsentWay
{
    /// <summary>Ticked the notice when signing up with their phone (or registering as a verifier).</summary>
    SignUp,

    /// <summary>A base's roster registered them; they accepted at their first sign-in.</summary>
    FirstSignInAfterRoster,

    /// <summary>Accepted a new version of the notice when asked again at sign-in.</summary>
    NewVersion,

    /// <summary>Gave consent again after withdrawing it.</summary>
    GivenAgain,

    /// <summary>Withdrew consent on their consent page.</summary>
    Withdrawn,

    /// <summary>An acceptance stored before the history existed, carried over by the migration.</summary>
    BeforeHistory,
}

/// <summary>
/// One step in a person's consent to the privacy notice (PIPL art. 14–15): given or withdrawn, for which version, when,
/// and how. The rows are the record; <see cref="AppUser.PrivacyNoticeVersion"/> only mirrors the latest one.
/// </summary>
public sealed class ConsentRecord
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    public string NoticeVersion { get; set; } = "";

    public DateTimeOffset At { get; set; }

    /// <summary>True when consent was given, false when withdrawn.</summary>
    public bool Given { get; set; }

    public ConsentWay Way { get; set; }
}
