using CtecSkills.Core.Data;
using CtecSkills.Core.LinkedData;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Organizations;

public sealed record TrainingBaseInput
{
    public required string Name { get; init; }
    public TrainingBaseKind Kind { get; init; }
    public required string LocalityCode { get; init; }
    public required string Address { get; init; }
    public required string ContactName { get; init; }
    public required string ContactPhone { get; init; }
    public string? ContactEmail { get; init; }
}

public enum TrainingBaseProblem
{
    UnknownLocality,
    DuplicateName,
    /// <summary>The name holds U+FFFE, U+FFFF or a broken surrogate pair, which the base's credentials cannot carry.</summary>
    NameUnsupportedCharacter,
    /// <summary>The address (published in the issuer profile) holds such a character.</summary>
    AddressUnsupportedCharacter,
}

public sealed record TrainingBaseSaveResult(int? Id, IReadOnlyList<TrainingBaseProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

public sealed class TrainingBaseService(AppDbContext db, TimeProvider clock)
{
    public Task<List<TrainingBase>> ListAsync(BaseActor actor, CancellationToken ct) => ListByPlaceAsync(db.TrainingBases.ManagedBy(actor), ct);

    /// <summary>Every base with its place: public information shown to anyone looking for where to learn.</summary>
    public Task<List<TrainingBase>> ListPublicAsync(CancellationToken ct) => ListByPlaceAsync(db.TrainingBases, ct);

    public Task<TrainingBase?> FindAsync(int id, BaseActor actor, CancellationToken ct) =>
        db.TrainingBases.ManagedBy(actor).AsNoTracking()
            .Include(b => b.Locality)
            .Include(b => b.Members).ThenInclude(m => m.User)
            .FirstOrDefaultAsync(b => b.Id == id, ct);

    public async Task<TrainingBaseSaveResult> CreateAsync(TrainingBaseInput input, CancellationToken ct)
    {
        var problems = await CheckAsync(input, null, ct);
        if (problems.Count > 0)
        {
            return new(null, problems);
        }
        var entity = new TrainingBase { Name = "", LocalityCode = "", Address = "", ContactName = "", ContactPhone = "", CreatedAt = clock.GetUtcNow() };
        Apply(entity, input);
        db.TrainingBases.Add(entity);
        await db.SaveChangesAsync(ct);
        return new(entity.Id, []);
    }

    /// <summary>Updates a base; returns null when the actor may not see it.</summary>
    public async Task<TrainingBaseSaveResult?> UpdateAsync(int id, TrainingBaseInput input, BaseActor actor, CancellationToken ct)
    {
        var entity = await db.TrainingBases.ManagedBy(actor).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (entity is null)
        {
            return null;
        }
        // Staff may correct their base's address and contact; name, kind and place are the admin's to change.
        var effective = actor.IsAdmin
            ? input
            : input with { Name = entity.Name, Kind = entity.Kind, LocalityCode = entity.LocalityCode };
        var problems = await CheckAsync(effective, id, ct);
        if (problems.Count > 0)
        {
            return new(id, problems);
        }
        Apply(entity, effective);
        await db.SaveChangesAsync(ct);
        return new(id, []);
    }

    private static Task<List<TrainingBase>> ListByPlaceAsync(IQueryable<TrainingBase> bases, CancellationToken ct) =>
        bases.AsNoTracking()
            .Include(b => b.Locality)
            .OrderBy(b => b.Locality!.ProvinceCode).ThenBy(b => b.LocalityCode).ThenBy(b => b.Name)
            .ToListAsync(ct);

    private async Task<List<TrainingBaseProblem>> CheckAsync(TrainingBaseInput input, int? id, CancellationToken ct)
    {
        var problems = new List<TrainingBaseProblem>();
        if (!await db.Localities.AnyAsync(l => l.Code == input.LocalityCode, ct))
        {
            problems.Add(TrainingBaseProblem.UnknownLocality);
        }
        var name = input.Name.Trim();
        if (await db.TrainingBases.AnyAsync(b => b.Name == name && b.Id != id, ct))
        {
            problems.Add(TrainingBaseProblem.DuplicateName);
        }
        if (!NQuads.CanonicalizesAlike(input.Name))
        {
            problems.Add(TrainingBaseProblem.NameUnsupportedCharacter);
        }
        if (!NQuads.CanonicalizesAlike(input.Address))
        {
            problems.Add(TrainingBaseProblem.AddressUnsupportedCharacter);
        }
        return problems;
    }

    private static void Apply(TrainingBase entity, TrainingBaseInput input)
    {
        entity.Name = input.Name.Trim();
        entity.Kind = input.Kind;
        entity.LocalityCode = input.LocalityCode;
        entity.Address = input.Address.Trim();
        entity.ContactName = input.ContactName.Trim();
        entity.ContactPhone = input.ContactPhone.Trim();
        entity.ContactEmail = string.IsNullOrWhiteSpace(input.ContactEmail) ? null : input.ContactEmail.Trim();
    }
}
