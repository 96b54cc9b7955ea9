using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Organizations;

public sealed class OrganizationService(AppDbContext db)
{
    public Task<List<Organization>> ListAsync(CancellationToken ct) =>
        db.Organizations.AsNoTracking().Include(o => o.Locality).OrderBy(o => o.Name).ToListAsync(ct);

    public Task<Organization?> FindForMemberAsync(string userId, CancellationToken ct) =>
        // Include cannot follow a Select that projects through a navigation, so start from the organizations.
        db.Organizations.AsNoTracking()
            .Include(o => o.Locality)
            .Where(o => db.Users.Any(u => u.Id == userId && u.OrganizationId == o.Id))
            .FirstOrDefaultAsync(ct);
}
