using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Credentials;

/// <summary>An employer who receives a credential must not get the learner's phone number back from it (issue 12, point 5).</summary>
public sealed partial class CredentialSubjectPrivacyTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task IssueToEveryDemoLearner_OldPhoneHashAppearsNowhereAVerifierOrShareLinkCanRead()
    {
        var phones = Enumerable.Range(0, DemoSeeder.LearnerNames.Count).Select(DemoSeeder.LearnerPhone).ToList();
        var learners = await app.QueryAsync(db => db.Users.Where(u => phones.Contains(u.PhoneNumber!)).Select(u => u.Id).ToListAsync());
        Assert.Equal(phones.Count, learners.Count);
        var cohortId = await app.CreateCohortAsync(DemoSeeder.Bases[0], capacity: learners.Count + 5);
        await app.EnsureAchievementAsync();
        var enrollments = await app.CompleteEnrollmentsAsync(cohortId, learners);
        await app.RunIssuingJobAsync();
        var credentials = await app.CredentialsForAsync(enrollments);
        Assert.Equal(learners.Count, credentials.Count);

        // Everything that leaves the platform about these credentials: the JSON and JWS payload, the public verify page
        // and API answer, the status lists, and a learner's share page and downloaded JSON.
        var published = new List<(string Where, string Text)>();
        using var verifier = app.CreateBrowserClient();
        foreach (var credential in credentials)
        {
            published.Add(($"JSON of {credential.VerificationCode}", credential.CredentialJson));
            published.Add(($"JWS payload of {credential.VerificationCode}", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(credential.Jws.Split('.')[1]))));
            published.Add(($"/verify/{credential.VerificationCode}", (await CtecSkillsApp.GetPageAsync(verifier, $"/verify/{credential.VerificationCode}")).Html));
        }
        published.Add(("API", (await app.VerifyApiOkAsync(new { jws = credentials[0].Jws })).ToJsonString()));
        foreach (var list in JsonNode.Parse(credentials[0].CredentialJson)!["credentialStatus"]!.AsArray().Select(e => e!["statusListCredential"]!.GetValue<string>()))
        {
            var jws = await app.FetchPublishedAsync(list);
            published.Add((list, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.Split('.')[1]))));
        }
        var learner = await app.SignedInAsLearnerAsync();
        var firstLearner = await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == DemoSeeder.LearnerPhone(0)).Select(u => u.Id).SingleAsync());
        var own = credentials.Single(c => c.UserId == firstLearner);
        var (link, _) = await CtecSkillsApp.SharedLinkAsync(learner, [own.Id], []);
        published.Add(("share page", (await app.OpenShareAsync(link)).Page.Html));
        published.Add(("wallet download", await learner.GetStringAsync($"/me/credentials/{own.VerificationCode}/credential.json")));

        foreach (var (where, text) in published)
        {
            Assert.DoesNotContain("identityHash", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"salt\"", text, StringComparison.Ordinal);
            // The old code's hash: "sha256$" + hex SHA-256(phone + salt), the salt 32 hex digits drawn per credential.
            // Any 32-hex run in the text is tried as a salt; the unsalted hash too.
            var salts = HexRun().Matches(text).Select(m => m.Value).Append("").ToList();
            foreach (var phone in phones)
            {
                Assert.DoesNotContain(phone, text, StringComparison.Ordinal);
                foreach (var salt in salts)
                {
                    var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phone + salt)));
                    Assert.False(text.Contains(hash, StringComparison.OrdinalIgnoreCase), $"{where} carries the phone hash of {phone}.");
                }
            }
        }
    }

    [Fact]
    public async Task IssueTwoCredentialsToOneLearner_SubjectIdsDifferSoTwoEmployersCannotLinkThem()
    {
        var learner = (await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == DemoSeeder.LearnerPhone(5)).Select(u => u.Id).SingleAsync()));
        var first = await app.CredentialForAsync(learner, DemoSeeder.Bases[0]);
        var second = await app.CredentialForAsync(learner, DemoSeeder.Bases[4]);

        var subjects = new[] { first, second }.Select(c => JsonNode.Parse(c.CredentialJson)!["credentialSubject"]!["id"]!.GetValue<string>()).ToList();
        Assert.All(subjects, s => Assert.Matches("^urn:uuid:[0-9a-f-]{36}$", s));
        Assert.NotEqual(subjects[0], subjects[1]);
        Assert.DoesNotContain(learner, subjects[0], StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("[0-9a-fA-F]{32}")]
    private static partial Regex HexRun();
}
