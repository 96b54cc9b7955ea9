using System.Security.Cryptography;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.UnitTests.Analytics;

public sealed class IndexReleaseServiceTests : IDisposable
{
    private static readonly ReleasePeriod November = new(ReleasePeriodKind.Month, 2026, 11);
    private readonly MemoryDatabase _database = new();
    private readonly IndexReleaseService _service;
    private int _learner;

    public IndexReleaseServiceTests()
    {
        _service = new IndexReleaseService(_database.Db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        var db = _database.Db;
        db.Localities.AddRange(
            Locality("510100", "510000", "四川省", LocalityTier.Core),
            Locality("510700", "510000", "四川省", LocalityTier.Regional),
            Locality("500101", "500000", "重庆市", LocalityTier.Regional),
            Locality("500152", "500000", "重庆市", LocalityTier.County));
        var reference = new PopulationReference { Source = "test census", Year = 2020, IsCurrent = true, ImportedAt = DateTimeOffset.UnixEpoch };
        foreach (var code in new[] { "510100", "510700", "500101", "500152" })
        {
            reference.Figures.Add(new PopulationFigure { LocalityCode = code, Area = Area.Urban, Population = 100_000 });
            reference.Figures.Add(new PopulationFigure { LocalityCode = code, Area = Area.Rural, Population = 50_000 });
        }
        db.PopulationReferences.Add(reference);
        db.SaveChanges();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task BuildAsync_OneMonthOfFacts_CountsEveryMeasurePerCell()
    {
        // 20 learners enroll in Chengdu's cities, 15 complete (one of them twice), 12 earn a credential; 5 are migrant workers.
        var people = Enumerable.Range(0, 20).Select(_ => NextLearner()).ToList();
        Add(people.Select(p => Fact(FactKind.Enrollment, p, "510100", Area.Urban)));
        Add(people.Take(15).Select((p, i) => Fact(FactKind.Completion, p, "510100", Area.Urban, i < 5 ? LearnerGroup.MigrantWorker : LearnerGroup.Other)));
        Add([Fact(FactKind.Completion, people[0], "510100", Area.Urban, LearnerGroup.MigrantWorker)]);
        Add(people.Take(12).Select(p => Fact(FactKind.Credential, p, "510100", Area.Urban)));
        Add([Fact(FactKind.Completion, NextLearner(), "510100", Area.Urban, period: 202610)]);

        var release = await BuildAsync(k: 10);

        var cell = Cell(release, CellLevel.Area, "510100", Area.Urban);
        Assert.Equal((long?)100_000, cell.Population);
        Assert.Equal(20, cell.Enrollments);
        Assert.Equal(16, cell.Completions);
        Assert.Equal(15, cell.Completers);
        Assert.Equal(12, cell.CredentialedLearners);
        Assert.Null(cell.PriorityCompletions);
        Assert.Equal(20 + 16 + 12, release.FactCount);
        Assert.Equal(0, release.UnplacedFactCount);
        Assert.Equal("test census", release.PopulationSource);
        Assert.Equal(IndexReleaseService.MethodSuppression, release.Method);
        Assert.Equal(600_000L, release.Cells.Single(c => c.Level == CellLevel.Total).Population);
    }

    [Fact]
    public async Task BuildAsync_CellBelowK_IsSuppressedWithAComplementSoTheTotalGivesNothingAway()
    {
        Add(Enumerable.Range(0, 30).Select(_ => Fact(FactKind.Completion, NextLearner(), "510100", Area.Urban)));
        Add(Enumerable.Range(0, 3).Select(_ => Fact(FactKind.Completion, NextLearner(), "510100", Area.Rural)));
        Add(Enumerable.Range(0, 25).Select(_ => Fact(FactKind.Completion, NextLearner(), "510700", Area.Urban)));

        var release = await BuildAsync(k: 10);

        Assert.Null(Cell(release, CellLevel.Area, "510100", Area.Rural).Completions);
        Assert.Null(Cell(release, CellLevel.Area, "510100", Area.Urban).Completions);
        Assert.Equal(33, Cell(release, CellLevel.Locality, "510100", null).Completions);
        Assert.All(release.Cells, c => Assert.False(c.Completions is > 0 and < 10, $"{c.Level} {c.LocalityCode} {c.Area}: {c.Completions}"));
    }

    [Fact]
    public async Task BuildAsync_WithNoise_EveryTotalIsTheSumOfItsPartsAndNoneIsNegative()
    {
        foreach (var (code, area, n) in new[] { ("510100", Area.Urban, 40), ("510100", Area.Rural, 2), ("510700", Area.Urban, 0), ("500101", Area.Rural, 15) })
        {
            Add(Enumerable.Range(0, n).Select(_ => Fact(FactKind.Completion, NextLearner(), code, area)));
        }

        // k = 5 (the floor) hides some cells; the sums are checked wherever a parent and all its children are shown.
        var releases = new List<IndexRelease>();
        for (var i = 0; i < 5; i++)
        {
            releases.Add(await BuildAsync(k: IndexReleaseService.MinK, epsilon: 0.5));
        }

        foreach (var release in releases)
        {
            Assert.Equal(IndexReleaseService.MethodSuppressionAndNoise, release.Method);
            Assert.Equal(0.5, release.Epsilon);
            foreach (var parent in release.Cells)
            {
                var children = Children(release, parent);
                Assert.False(parent.Completions < 0 || parent.Completers < 0 || parent.Enrollments < 0);
                if (children.Count > 0 && parent.Completions is not null && children.All(c => c.Completions is not null))
                {
                    Assert.Equal(parent.Completions, children.Sum(c => c.Completions));
                }
                if (children.Count > 0 && parent.Completers is not null && children.All(c => c.Completers is not null))
                {
                    Assert.Equal(parent.Completers, children.Sum(c => c.Completers));
                }
            }
        }
        Assert.Contains(releases, r => Cell(r, CellLevel.Area, "510100", Area.Urban).Completions != 40);
    }

    [Fact]
    public async Task BuildAsync_StrongNoiseOnThinCells_CompletersNeverExceedCompletionsAndPriorityNeverExceedsCompletions()
    {
        // ε = 0.05 puts noise of about ±20 on cells of 0–6: without post-processing, about half the noisy leaves would
        // show more distinct completers than completions.
        foreach (var (code, area, n) in new[] { ("510100", Area.Urban, 6), ("510100", Area.Rural, 1), ("510700", Area.Urban, 3), ("500101", Area.Rural, 0), ("500152", Area.Urban, 2) })
        {
            Add(Enumerable.Range(0, n).Select(i => Fact(FactKind.Completion, NextLearner(), code, area, i % 2 == 0 ? LearnerGroup.RuralWoman : LearnerGroup.Other)));
        }

        var releases = new List<IndexRelease>();
        for (var i = 0; i < 5; i++)
        {
            releases.Add(await BuildAsync(k: IndexReleaseService.MinK, epsilon: 0.05));
        }

        var cells = releases.SelectMany(r => r.Cells).ToList();
        Assert.All(cells, c => Assert.False(c.Completers > c.Completions, $"{c.Level} {c.LocalityCode} {c.Area}: {c.Completers} completers > {c.Completions} completions"));
        Assert.All(cells, c => Assert.False(c.PriorityCompletions > c.Completions, $"{c.Level} {c.LocalityCode} {c.Area}: {c.PriorityCompletions} > {c.Completions}"));
        Assert.All(cells, c => Assert.False(c.Completions > 0 && c.Completers == 0, $"{c.Level} {c.LocalityCode} {c.Area}: completions without a completer"));
        Assert.Contains(cells, c => c.Completers is not null && c.Completions is not null && c.Level == CellLevel.Total);
    }

    [Theory]
    [InlineData(ReleaseBreakdown.None, 1, ReleaseProblem.KBelowFloor)]
    [InlineData(ReleaseBreakdown.None, 4, ReleaseProblem.KBelowFloor)]
    [InlineData(ReleaseBreakdown.Gender, 4, ReleaseProblem.KBelowFloor)]
    [InlineData(ReleaseBreakdown.Gender, 9, ReleaseProblem.KBelowGroupFloor)]
    [InlineData(ReleaseBreakdown.TargetGroup, 5, ReleaseProblem.KBelowGroupFloor)]
    [InlineData(ReleaseBreakdown.None, 1001, ReleaseProblem.InvalidK)]
    public async Task BuildAsync_KBelowItsFloor_IsRefusedWithTheReasonAndSavesNothing(ReleaseBreakdown breakdown, int k, ReleaseProblem problem)
    {
        Add(Enumerable.Range(0, 30).Select(_ => Fact(FactKind.Completion, NextLearner(), "510100", Area.Urban)));

        var result = await _service.BuildAsync(new ReleaseRequest(November, breakdown, k, null, "analyst"), default);

        Assert.Null(result.Release);
        Assert.Equal(problem, result.Problem);
        Assert.Empty(await _database.Db.IndexReleases.ToListAsync());
    }

    [Theory]
    [InlineData(ReleaseBreakdown.None, 5)]
    [InlineData(ReleaseBreakdown.Gender, 10)]
    [InlineData(ReleaseBreakdown.TargetGroup, 10)]
    public async Task BuildAsync_KAtItsFloor_BuildsADraft(ReleaseBreakdown breakdown, int k)
    {
        Add(Enumerable.Range(0, 30).Select(_ => Fact(FactKind.Completion, NextLearner(), "510100", Area.Urban)));

        var release = await BuildAsync(k, breakdown: breakdown);

        Assert.Equal(k, release.K);
        Assert.False(release.IsPublished);
        Assert.Null(release.PublishedBy);
    }

    [Fact]
    public async Task BuildAsync_ByGender_SplitsEachAreaAndKeepsItsTotal()
    {
        Add(Enumerable.Range(0, 30).Select(i => Fact(FactKind.Completion, NextLearner(), "500152", Area.Rural, gender: i < 12 ? Gender.Female : Gender.Male)));

        var release = await BuildAsync(k: 10, breakdown: ReleaseBreakdown.Gender);

        var groups = release.Cells.Where(c => c is { Level: CellLevel.Group, LocalityCode: "500152", Area: Area.Rural }).ToDictionary(c => c.Group!);
        Assert.Equal(12, groups["Female"].Completions);
        Assert.Equal(18, groups["Male"].Completions);
        Assert.Equal(0, groups["Unknown"].Completions);
        Assert.Null(groups["Female"].Population);
        Assert.Equal(30, Cell(release, CellLevel.Area, "500152", Area.Rural).Completions);
    }

    [Fact]
    public async Task BuildAsync_ReleaseTablesAndCsv_HoldNoPseudonym()
    {
        var people = Enumerable.Range(0, 12).Select(_ => NextLearner()).ToList();
        Add(people.Select(p => Fact(FactKind.Completion, p, "510100", Area.Urban)));

        var release = await BuildAsync(k: 10);
        var localities = await _database.Db.Localities.ToDictionaryAsync(l => l.Code);
        var csv = IndexReleaseService.ToCsv(release, localities);

        foreach (var type in new[] { typeof(IndexRelease), typeof(IndexReleaseCell) })
        {
            var columns = _database.Db.Model.FindEntityType(type)!.GetProperties().Select(p => p.GetColumnName());
            Assert.DoesNotContain(columns, c => c.Contains("Pseudonym", StringComparison.OrdinalIgnoreCase));
        }
        var stored = await _database.Db.IndexReleaseCells.AsNoTracking().ToListAsync();
        Assert.All(people, p => Assert.DoesNotContain(p, csv, StringComparison.Ordinal));
        Assert.All(people, p => Assert.DoesNotContain(stored, c => c.Group == p || c.LocalityCode == p));
        Assert.Contains("510100,成都", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_InvalidRequest_ChangesNothing()
    {
        var bad = await _service.BuildAsync(new ReleaseRequest(new ReleasePeriod(ReleasePeriodKind.Quarter, 2026, 5), ReleaseBreakdown.None, 10, null, "t"), default);
        var badEpsilon = await _service.BuildAsync(new ReleaseRequest(November, ReleaseBreakdown.None, 10, 0, "t"), default);

        Assert.Equal(ReleaseProblem.InvalidPeriod, bad.Problem);
        Assert.Equal(ReleaseProblem.InvalidEpsilon, badEpsilon.Problem);
        Assert.Empty(await _database.Db.IndexReleases.ToListAsync());
    }

    [Fact]
    public async Task BuildAsync_SameLearnerTwiceInACellAndInTwoCells_CountsOncePerCell()
    {
        // 12 learners (real HMAC pseudonyms) complete twice in Chengdu's cities and once in Mianyang's, and earn one
        // credential in Chengdu; 10 synthetic learners complete once in Chengdu's cities too.
        var pseudonym = new LearnerPseudonym(RandomNumberGenerator.GetBytes(32));
        var people = Enumerable.Range(0, 12).Select(i => pseudonym.Of($"user-{i}")).ToList();
        var synthetic = Enumerable.Range(0, 10).Select(i => SyntheticFacts.PseudonymPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(27))).ToList();
        Add(people.SelectMany(p => new[] { Fact(FactKind.Completion, p, "510100", Area.Urban), Fact(FactKind.Completion, p, "510100", Area.Urban) }));
        Add(people.Select(p => Fact(FactKind.Completion, p, "510700", Area.Urban)));
        Add(people.Select(p => Fact(FactKind.Credential, p, "510100", Area.Urban)));
        Add(synthetic.Select(p => Fact(FactKind.Completion, p, "510100", Area.Urban)));

        var release = await BuildAsync(k: IndexReleaseService.MinK);

        var chengdu = Cell(release, CellLevel.Area, "510100", Area.Urban);
        Assert.Equal(34, chengdu.Completions);
        Assert.Equal(22, chengdu.Completers);
        Assert.Equal(12, chengdu.CredentialedLearners);
        Assert.Equal(12, Cell(release, CellLevel.Area, "510700", Area.Urban).Completers);
        Assert.Equal(34, release.Cells.Single(c => c.Level == CellLevel.Province && c.ProvinceCode == "510000").Completers);
        Assert.Equal(10, release.SyntheticFactCount);
        Assert.Equal(24 + 12 + 12 + 10, release.FactCount);
    }

    [Fact]
    public void KeyOf_Pseudonym_IsItsLast16HexDigitsAsTheMigrationComputesThem()
    {
        Assert.Equal(-2304264117028689567, LearningFact.KeyOf("08678e8363201eef5d897397f3d9c0a3be594ec70c7104f2e0059bfe7bd36961"));
        Assert.Equal(0x548ff74a23c1ea95, LearningFact.KeyOf(SyntheticFacts.PseudonymPrefix + "0000548ff74a23c1ea95"));
        Assert.NotEqual(LearningFact.KeyOf("p0001"), LearningFact.KeyOf("p0002"));
        var fact = Fact(FactKind.Completion, SyntheticFacts.PseudonymPrefix + "00000000000000000a", "510100", Area.Urban);
        Assert.Equal((10L, true), (fact.LearnerKey, fact.IsSynthetic));
    }

    [Fact]
    public async Task ForRelease_SyntheticFacts_DecompositionAddsUpAndCoordinationIsInRange()
    {
        var localities = await _database.Db.Localities.ToListAsync();
        var figures = await _database.Db.PopulationFigures.ToListAsync();
        await SyntheticFacts.InsertAsync(_database.Db, SyntheticFacts.Generate(localities, figures, 5_000, 202611, 202611, seed: 1), default);

        var release = await BuildAsync(k: 10);
        var report = IndexMeasures.ForRelease(release, localities.ToDictionary(l => l.Code));

        Assert.Equal(release.FactCount, release.SyntheticFactCount);
        var t = report.Inequality.TheilT;
        Assert.Equal(t.Total.Value, t.BetweenProvinces.Value + t.BetweenLocalitiesWithinProvinces.Value + t.WithinLocalities.Value, 12);
        Assert.True(t.WithinLocalities.Value > 0, "cities and countryside differ in the generator");
        Assert.NotNull(report.Inequality.TierT);
        Assert.NotNull(report.Provinces);
        Assert.NotNull(report.UrbanRural);
        Assert.InRange(report.Provinces.Result.Degree, 0, 1);
        Assert.True(report.Gap.Urban > report.Gap.Rural);
        Assert.Equal(4, report.Composite!.Scores.Count);
    }

    private async Task<IndexRelease> BuildAsync(int k, double? epsilon = null, ReleaseBreakdown breakdown = ReleaseBreakdown.None)
    {
        var result = await _service.BuildAsync(new ReleaseRequest(November, breakdown, k, epsilon, "test"), default);
        Assert.Null(result.Problem);
        return (await _service.GetAsync(result.Release!.Id, ReleaseScope.All, default))!;
    }

    private static IndexReleaseCell Cell(IndexRelease release, CellLevel level, string locality, Area? area) =>
        release.Cells.Single(c => c.Level == level && c.LocalityCode == locality && c.Area == area);

    private static List<IndexReleaseCell> Children(IndexRelease release, IndexReleaseCell parent) => parent.Level switch
    {
        CellLevel.Total => [.. release.Cells.Where(c => c.Level == CellLevel.Province)],
        CellLevel.Province => [.. release.Cells.Where(c => c.Level == CellLevel.Locality && c.ProvinceCode == parent.ProvinceCode)],
        CellLevel.Locality => [.. release.Cells.Where(c => c.Level == CellLevel.Area && c.LocalityCode == parent.LocalityCode)],
        CellLevel.Area => [.. release.Cells.Where(c => c.Level == CellLevel.Group && c.LocalityCode == parent.LocalityCode && c.Area == parent.Area)],
        _ => [],
    };

    private string NextLearner() => $"p{_learner++:D4}";

    private void Add(IEnumerable<LearningFact> facts)
    {
        _database.Db.LearningFacts.AddRange(facts);
        _database.Db.SaveChanges();
    }

    private static LearningFact Fact(FactKind kind, string pseudonym, string locality, Area area, LearnerGroup group = LearnerGroup.Other, Gender gender = Gender.Female, int period = 202611) => new()
    {
        Kind = kind,
        Period = period,
        LocalityCode = locality,
        Area = area,
        TargetGroup = group,
        Gender = gender,
        AgeBand = AgeBand.From25To34,
        Category = CourseCategory.SafePayment,
        Level = CourseLevel.Beginner,
        Pseudonym = pseudonym,
    };

    private static Locality Locality(string code, string province, string provinceName, LocalityTier tier) => new()
    {
        Code = code,
        ProvinceCode = province,
        ProvinceName = provinceName,
        Name = code == "510100" ? "成都市" : "地区" + code,
        NameEn = "L" + code,
        Tier = tier,
    };
}
