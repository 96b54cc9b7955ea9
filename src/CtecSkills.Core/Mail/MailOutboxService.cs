using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Mail;

public sealed class MailOutboxService(AppDbContext db)
{
    /// <summary>The newest messages first, optionally for one address.</summary>
    public Task<List<MailOutboxMessage>> ListAsync(string? to, int take, CancellationToken ct)
    {
        var query = db.MailOutbox.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(to))
        {
            var address = to.Trim();
            query = query.Where(m => m.To == address);
        }
        return query.OrderByDescending(m => m.Id).Take(take).ToListAsync(ct);
    }
}
