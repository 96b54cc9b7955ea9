using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Organizations;

public sealed class OrganizationService(AppDbContext db)
{
    public Task<List<Organization>> ListAsync(CancellationToken ct) =>
        db.Organizations.AsNoTracking().Include(o => o.Locality).OrderBy(o => o.Name).ToListAsync(ct);

    public Task<Organization?> FindForMemberAsync(string userId, CancellationToken ct) =>
        // Include cannot follow a Select that navigates to another entity, so start from the organization.
        db.Organizations
            .Where(o => db.Users.Any(u => u.Id == userId && u.OrganizationId == o.Id))
            .Include(o => o.Locality)
            .AsNoTracking()
            .FirstOrDefaultAsync(ct);
}
