using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Organizations;

public sealed class OrganizationService(AppDbContext db)
{
    public Task<List<Organization>> ListAsync(CancellationToken ct) =>
        db.Organizations.AsNoTracking().Include(o => o.Locality).OrderBy(o => o.Name).ToListAsync(ct);

    public Task<Organization?> FindForMemberAsync(string userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId && u.Organization != null)
            .Select(u => u.Organization!)
            .Include(o => o.Locality)
            .AsNoTracking()
            .FirstOrDefaultAsync(ct);
}
