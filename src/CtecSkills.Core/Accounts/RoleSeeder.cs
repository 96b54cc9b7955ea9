using Microsoft.AspNetCore.Identity;

namespace CtecSkills.Core.Accounts;

/// <summary>Creates the missing <see cref="Roles"/>. Runs after each migration, before any other seeding.</summary>
public sealed class RoleSeeder(RoleManager<IdentityRole> roles)
{
    public async Task SeedAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}
