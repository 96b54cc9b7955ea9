using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Recognition;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Sms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.UnitTests.Recognition;

/// <summary>The recognition snapshot as <see cref="CacheInvalidation"/> keeps it true: forgotten at the commit of a change to what it holds.</summary>
public sealed class RecognitionCacheInvalidationTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RecognitionCache _cache;
    private readonly MemoryDatabase _database;
    private readonly AppDbContext _db;
    private readonly TrainingBase _base;

    public RecognitionCacheInvalidationTests()
    {
        _cache = new RecognitionCache(_clock);
        _database = new MemoryDatabase(new CacheInvalidation([_cache], NullLogger<CacheInvalidation>.Instance));
        _db = _database.Db;
        _db.Localities.AddRange(Locality("510100", "510000"), Locality("500112", "500000"));
        _base = new TrainingBase { Name = "基地", LocalityCode = "510100", Address = "地址", ContactName = "联系人", ContactPhone = "028-1" };
        _db.TrainingBases.Add(_base);
        _db.SaveChanges();
        Remember();
    }

    [Fact]
    public async Task SaveChanges_BaseMovedToAnotherProvince_ForgetsTheSnapshot()
    {
        _base.LocalityCode = "500112";
        await _db.SaveChangesAsync();

        Assert.Null(_cache.Find());
    }

    [Fact]
    public void SaveChanges_Synchronous_ForgetsTheSnapshotToo()
    {
        _base.LocalityCode = "500112";
        _db.SaveChanges();

        Assert.Null(_cache.Find());
    }

    [Fact]
    public async Task SaveChanges_NothingTheSnapshotHolds_KeepsIt()
    {
        _db.SmsOutbox.Add(new SmsOutboxMessage { Phone = "13800000001", Text = "hi", CreatedAt = _clock.GetUtcNow() });
        await _db.SaveChangesAsync();

        Assert.NotNull(_cache.Find());
    }

    [Fact]
    public async Task SaveChanges_InsideATransaction_ForgetsOnlyOnceCommitted()
    {
        await using var transaction = await _db.Database.BeginTransactionAsync();
        _base.LocalityCode = "500112";
        await _db.SaveChangesAsync();
        // A verification reloading now would read the old, still committed place and keep it for a minute.
        Assert.NotNull(_cache.Find());

        await transaction.CommitAsync();

        Assert.Null(_cache.Find());
    }

    [Fact]
    public async Task SaveChanges_InsideATransactionRolledBack_KeepsTheSnapshotAndLaterSavesStillCount()
    {
        await using (var transaction = await _db.Database.BeginTransactionAsync())
        {
            _base.LocalityCode = "500112";
            await _db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        Assert.NotNull(_cache.Find());

        _base.Address = "新地址";
        await _db.SaveChangesAsync();

        Assert.Null(_cache.Find());
    }

    [Fact]
    public async Task Expect_ChangeUnseenByTheTracker_ForgetsOnlyOnceCommitted()
    {
        var invalidation = new CacheInvalidation([_cache], NullLogger<CacheInvalidation>.Instance);
        using var database = new MemoryDatabase(invalidation);
        await using var transaction = await database.Db.Database.BeginTransactionAsync();
        invalidation.Expect(database.Db, _cache);
        Assert.NotNull(_cache.Find());

        await transaction.CommitAsync();

        Assert.Null(_cache.Find());
    }

    [Fact]
    public void Apply_NoticeOfACacheThisNodeDoesNotHave_ForgetsEverythingRatherThanNothing()
    {
        new CacheInvalidation([_cache], NullLogger<CacheInvalidation>.Instance).Apply("a-cache-of-a-newer-version:1");

        Assert.Null(_cache.Find());
    }

    public void Dispose() => _database.Dispose();

    private void Remember() => _cache.Remember(new Dictionary<string, string>(), [], new Dictionary<int, string>());

    private static Locality Locality(string code, string province) =>
        new() { Code = code, ProvinceCode = province, ProvinceName = province, Name = code, NameEn = code };
}
