using CtecSkills.Core.Organizations;

namespace CtecSkills.Core.Credentials;

/// <summary>The tenancy rule (<see cref="BaseAccess"/>) for issued credentials, which belong to the issuing base.</summary>
public static class CredentialAccess
{
    public static IQueryable<IssuedCredential> ManagedBy(this IQueryable<IssuedCredential> credentials, BaseActor actor) =>
        credentials.ManagedBy(c => c.IssuerBase, actor);
}
