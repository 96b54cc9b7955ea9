namespace CtecSkills.Core.Accounts;

public static class Roles
{
    public const string Learner = "Learner";
    public const string Staff = "Staff";
    public const string Verifier = "Verifier";
    public const string Analyst = "Analyst";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Learner, Staff, Verifier, Analyst, Admin];
}
