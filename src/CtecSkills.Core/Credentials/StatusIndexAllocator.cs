using System.Security.Cryptography;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

/// <summary>A credential's place in its issuer's status lists: the list number and the bit.</summary>
public readonly record struct StatusSlot(int Sequence, int Index);

/// <summary>
/// Draws each new credential's bit in its issuer's current status list: at random, so that neighbouring bits say
/// nothing about who was issued together, and unused in that list (the unique index on issuer, list and index backs
/// it). An issuer's used bits are read once and then remembered for the run; <see cref="Forget"/> makes the next draw
/// read them again, after a commit that failed or at the end of a run.
/// </summary>
public sealed class StatusIndexAllocator(AppDbContext db)
{
    // The platform generator is thread-safe; one instance serves every draw.
    private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

    private readonly Dictionary<int, Room> _rooms = [];

    /// <summary>A random index no credential of the issuer's current list holds, nor any drawn since the last <see cref="Forget"/>.</summary>
    public async Task<StatusSlot> AllocateAsync(int baseId, CancellationToken ct)
    {
        if (!_rooms.TryGetValue(baseId, out var room))
        {
            var sequence = await db.IssuedCredentials.Where(c => c.IssuerBaseId == baseId).MaxAsync(c => (int?)c.StatusListSequence, ct) ?? 1;
            var used = await db.IssuedCredentials.Where(c => c.IssuerBaseId == baseId && c.StatusListSequence == sequence)
                .Select(c => c.StatusIndex).ToListAsync(ct);
            room = new Room(sequence, [.. used]);
            _rooms[baseId] = room;
        }
        // A full list would make every draw slow; start the next one a little before.
        if (room.Used.Count >= BitstringStatusList.MinimumLength - 1024)
        {
            room.Sequence++;
            room.Used = [];
        }
        var index = BitstringStatusList.AllocateRandomIndex(room.Used, Random);
        room.Used.Add(index);
        return new StatusSlot(room.Sequence, index);
    }

    /// <summary>The indexes drawn may have been taken by another process (or never committed): read the lists again next time.</summary>
    public void Forget() => _rooms.Clear();

    private sealed class Room(int sequence, HashSet<int> used)
    {
        public int Sequence { get; set; } = sequence;
        public HashSet<int> Used { get; set; } = used;
    }
}
