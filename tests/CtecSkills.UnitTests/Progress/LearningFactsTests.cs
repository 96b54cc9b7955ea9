using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Regions;

namespace CtecSkills.UnitTests.Progress;

public sealed class LearningFactsTests
{
    private const string OpenSslVector = "581c0463ed55fc2f04fc2218c651f08022db126f070834e67ef0208939ebbc7b";
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void Pseudonym_SameKeyAndLearner_IsStableAndDiffersPerLearnerAndKey()
    {
        var pseudonym = new LearnerPseudonym(Key);
        Assert.Equal(pseudonym.Of("user-1"), pseudonym.Of("user-1"));
        Assert.NotEqual(pseudonym.Of("user-1"), pseudonym.Of("user-2"));
        Assert.NotEqual(pseudonym.Of("user-1"), new LearnerPseudonym([.. Key.Reverse()]).Of("user-1"));
        Assert.Matches("^[0-9a-f]{64}$", pseudonym.Of("user-1"));
    }

    [Fact]
    public void Pseudonym_KnownVector_IsHmacSha256OfTheAccountId()
    {
        // Same as: echo -n user-1 | openssl dgst -sha256 -mac HMAC -macopt hexkey:0102…1f20
        Assert.Equal(OpenSslVector, new LearnerPseudonym(Key).Of("user-1"));
    }

    [Fact]
    public void Pseudonym_ShortKey_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new LearnerPseudonym(new byte[16]));

    [Fact]
    public void FromConfiguration_NoKeyAndNotAllowedToCreate_FailsWithTheSettingToSet()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "pseudonym.key");
        var error = Assert.Throws<InvalidOperationException>(() => LearnerPseudonym.FromConfiguration(null, file, allowCreate: false));
        Assert.Contains("Facts__PseudonymKey", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void FromConfiguration_KeyFileCreatedOnce_GivesTheSamePseudonymsAfterARestart()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "pseudonym.key");
        try
        {
            var first = LearnerPseudonym.FromConfiguration(null, file, allowCreate: true).Of("user-1");
            var second = LearnerPseudonym.FromConfiguration(null, file, allowCreate: false).Of("user-1");
            Assert.Equal(first, second);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Theory]
    [InlineData(2002, 2026, AgeBand.Under25)]
    [InlineData(2001, 2026, AgeBand.From25To34)]
    [InlineData(1991, 2026, AgeBand.From35To44)]
    [InlineData(1981, 2026, AgeBand.From45To54)]
    [InlineData(1971, 2026, AgeBand.From55)]
    public void Band_BirthYear_FallsInTheTenYearBand(int birthYear, int year, AgeBand expected) =>
        Assert.Equal(expected, LearningFacts.Band(birthYear, year));

    [Fact]
    public void Create_LateEveningUtcOnTheLastDayOfTheMonth_CountsInTheNextMonthInBeijing()
    {
        var learner = new AppUser { Id = "user-1", DisplayName = "王秀英", PhoneNumber = "13812345678", Gender = Gender.Female, BirthYear = 1980, LocalityCode = "511600", Area = Area.Rural, LearnerGroup = LearnerGroup.RuralWoman };
        var fact = new LearningFacts(new LearnerPseudonym(Key)).Create(FactKind.Completion, learner, CourseCategory.ECommerce, CourseLevel.Intermediate,
            new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero));

        Assert.Equal(202612, fact.Period);
        Assert.Equal(AgeBand.From45To54, fact.AgeBand);
        Assert.Equal(("511600", Area.Rural, LearnerGroup.RuralWoman, Gender.Female), (fact.LocalityCode, fact.Area, fact.TargetGroup, fact.Gender));
        Assert.Equal(new LearnerPseudonym(Key).Of("user-1"), fact.Pseudonym);
    }

    [Fact]
    public void Create_LearnerWithoutProfile_KeepsTheUnknownsUnknown()
    {
        var fact = new LearningFacts(new LearnerPseudonym(Key)).Create(FactKind.Enrollment, new AppUser { Id = "u" }, CourseCategory.DeviceBasics, CourseLevel.Beginner, DateTimeOffset.UnixEpoch);
        Assert.Equal((null, null, null, null, AgeBand.Unknown), (fact.LocalityCode, fact.Area, fact.TargetGroup, fact.Gender, fact.AgeBand));
    }
}
