using System.Globalization;

namespace CtecSkills.Core.Audit;

/// <summary>Every action and subject name written to the audit log, in one place so that pages and reports read the same words.</summary>
public static class AuditActions
{
    public const string CompleteManually = "enrollment.complete-manually";
    public const string MarkAttendance = "attendance.mark";
    public const string UnmarkAttendance = "attendance.unmark";
    public const string StrikeCheckIn = "attendance.strike";
    public const string RevokeCredential = "credential.revoke";
    public const string SuspendCredential = "credential.suspend";
    public const string UnsuspendCredential = "credential.unsuspend";
    public const string ApproveVerifier = "verifier.approve";
    public const string RejectVerifier = "verifier.reject";
    public const string CreateRecognition = "recognition.create";
    public const string EndRecognition = "recognition.end";
    public const string PublishIndexRelease = "index-release.publish";
    public const string ChangePassword = "account.password-change";
    public const string CorrectProfile = "account.profile-correct";
    public const string SetPassword = "account.password-set";
    public const string SendPasswordResetLink = "account.password-reset-link";
    public const string ResetPasswordByEmail = "account.password-reset-email";
    public const string ResetPasswordBySms = "account.password-reset-sms";
    public const string CompromiseIssuerKey = "issuer-key.compromise";
    public const string StartReissue = "issuer-key.reissue";
    public const string ReissueCredential = "credential.reissue";
    public const string FindPersonByPhone = "person.find-by-phone";
    public const string ExportPersonalData = "person.export";
    public const string EraseAccount = "account.erase";

    public static string EnrollmentSubject(int id) => Subject("enrollment", id);

    public static string SessionSubject(int id) => Subject("session", id);

    public static string CredentialSubject(string verificationCode) => "credential:" + verificationCode;

    public static string VerifierApplicationSubject(int id) => Subject("verifier-application", id);

    public static string RecognitionSubject(int id) => Subject("recognition", id);

    public static string IndexReleaseSubject(int id) => Subject("index-release", id);
    public static string UserSubject(string userId) => "user:" + userId;

    /// <summary>The subject of a lookup that found nobody: the typed phone is not written down.</summary>
    public const string NobodyFound = "user:-";
    public static string IssuerKeySubject(int id) => Subject("issuer-key", id);

    private static string Subject(string kind, int id) => string.Create(CultureInfo.InvariantCulture, $"{kind}/{id}");
}
