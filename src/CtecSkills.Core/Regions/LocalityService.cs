using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Regions;

public sealed class LocalityService(AppDbContext db)
{
    public Task<List<Locality>> ListAsync(CancellationToken ct) =>
        db.Localities.AsNoTracking().OrderBy(l => l.ProvinceCode).ThenBy(l => l.Code).ToListAsync(ct);

    public Task<Locality?> FindAsync(string code, CancellationToken ct) =>
        db.Localities.AsNoTracking().FirstOrDefaultAsync(l => l.Code == code, ct);
}
