using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Sms;

public sealed class SmsOutboxService(AppDbContext db)
{
    /// <summary>The newest messages first, optionally for one phone number.</summary>
    public Task<List<SmsOutboxMessage>> ListAsync(string? phone, int take, CancellationToken ct)
    {
        var query = db.SmsOutbox.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(phone))
        {
            query = query.Where(m => m.Phone == phone.Trim());
        }
        return query.OrderByDescending(m => m.Id).Take(take).ToListAsync(ct);
    }
}
