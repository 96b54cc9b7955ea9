using CtecSkills.Core.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace CtecSkills.Web.Infrastructure;

/// <summary>One authorization policy per role; admins pass the staff policy too because they manage every base.</summary>
public static class Policies
{
    public const string Learner = "Learner";
    public const string Staff = "Staff";
    public const string Verifier = "Verifier";
    public const string Analyst = "Analyst";
    public const string Admin = "Admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Learner, p => p.RequireRole(Roles.Learner));
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Staff, Roles.Admin));
        options.AddPolicy(Verifier, p => p.RequireRole(Roles.Verifier, Roles.Admin));
        options.AddPolicy(Analyst, p => p.RequireRole(Roles.Analyst, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
    }
}
