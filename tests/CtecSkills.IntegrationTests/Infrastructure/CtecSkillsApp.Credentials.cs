using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>
    /// Learners who completed the test course in a new cohort at the base, each with the issuance request the
    /// completion service writes (made here directly, as that service is written elsewhere); returns enrollment ids.
    /// </summary>
    public async Task<List<int>> CompletedEnrollmentsAsync(DemoBase at, int count, bool withRequests = true)
    {
        var cohortId = await CreateCohortAsync(at, capacity: count + 5);
        await EnsureAchievementAsync();
        return await CompleteEnrollmentsAsync(cohortId, await CreateLearnersAsync(count), withRequests);
    }

    /// <summary>The given learners completed the cohort's course (with the completion's issuance requests); returns enrollment ids.</summary>
    public async Task<List<int>> CompleteEnrollmentsAsync(int cohortId, IReadOnlyCollection<string> learners, bool withRequests = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var now = TimeProvider.System.GetUtcNow();
        var enrollments = learners.Select(id => new Core.Cohorts.Enrollment
        {
            CohortId = cohortId,
            UserId = id,
            Status = Core.Cohorts.EnrollmentStatus.Enrolled,
            Source = Core.Cohorts.EnrollmentSource.Self,
            EnrolledAt = now.AddDays(-10),
            CompletedAt = now,
            CompletionMethod = Core.Cohorts.CompletionMethod.Rule,
        }).ToList();
        db.Enrollments.AddRange(enrollments);
        await db.SaveChangesAsync();
        if (withRequests)
        {
            db.IssuanceRequests.AddRange(enrollments.Select(e => new IssuanceRequest { EnrollmentId = e.Id, RequestedAt = now }));
            await db.SaveChangesAsync();
        }
        return enrollments.Select(e => e.Id).ToList();
    }

    /// <summary>The test course is not a demo course, so the seeder gave it no achievement: one valid for 12 months.</summary>
    public async Task EnsureAchievementAsync()
    {
        var slug = await EnsureCourseAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var course = await db.Courses.SingleAsync(c => c.Slug == slug);
        if (!await db.Achievements.AnyAsync(a => a.CourseId == course.Id))
        {
            db.Achievements.Add(new Achievement
            {
                CourseId = course.Id,
                Name = "扫码支付安全 结业证书",
                Description = "会安全地扫码付款。",
                CriteriaNarrative = "学完全部课时，测验及格。",
                AchievementType = "Certificate",
                Level = course.Level,
                ValidityMonths = 12,
                CreatedAt = TimeProvider.System.GetUtcNow(),
                UpdatedAt = TimeProvider.System.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>
    /// An issuing run whose process dies after signing, just before its commit reaches the database: the commit
    /// throws, as a killed process would never send it.
    /// </summary>
    public async Task RunIssuingThatDiesBeforeCommitAsync() =>
        await Assert.ThrowsAsync<IOException>(() => RunIssuingThroughAsync(new DieBeforeCommit()));

    /// <summary>
    /// An issuing run in which the database refuses every save that holds a credential for <paramref name="enrollmentId"/>
    /// with an error that is not a unique violation (as a foreign key or a check constraint would); counts those saves.
    /// </summary>
    public async Task<(IssueRunResult Result, int RefusedSaves)> RunIssuingWhereTheDatabaseRefusesAsync(int enrollmentId)
    {
        var refuse = new RefuseEnrollment(enrollmentId);
        var result = await RunIssuingThroughAsync(refuse);
        return (result, refuse.Refused);
    }

    /// <summary>Asks for the signing key of a training base that does not exist, counting the saves the key store tries.</summary>
    public async Task<(Exception? Error, int Saves)> GetSigningKeyOfMissingBaseAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var saves = new CountSaves();
        await using var db = NewContext(saves);
        var keys = ActivatorUtilities.CreateInstance<IssuerKeyStore>(scope.ServiceProvider, db);
        var error = await Record.ExceptionAsync(async () => (await keys.GetSigningKeyAsync(int.MaxValue, default)).Dispose());
        return (error, saves.Count);
    }

    private Core.Data.AppDbContext NewContext(Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor)
    {
        var options = new DbContextOptionsBuilder<Core.Data.AppDbContext>();
        Core.Data.DatabaseSetup.Configure(options, Enum.Parse<Core.Data.DatabaseProvider>(DatabaseProvider), _database.ConnectionString, AppContext.BaseDirectory);
        options.AddInterceptors(interceptor);
        return new Core.Data.AppDbContext(options.Options);
    }

    private async Task<IssueRunResult> RunIssuingThroughAsync(Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor)
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = NewContext(interceptor);
        var keys = ActivatorUtilities.CreateInstance<IssuerKeyStore>(scope.ServiceProvider, db);
        var builder = ActivatorUtilities.CreateInstance<SignedCredentialBuilder>(scope.ServiceProvider, keys);
        var issuer = ActivatorUtilities.CreateInstance<CredentialIssuer>(scope.ServiceProvider, db, builder, new StatusIndexAllocator(db));
        return await issuer.ProcessPendingAsync(default);
    }

    private sealed class DieBeforeCommit : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<IssuedCredential>().Any()
                ? throw new IOException("The process died before the commit.")
                : ValueTask.FromResult(result);
    }

    private sealed class CountSaves : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Count++;
            return ValueTask.FromResult(result);
        }
    }

    private sealed class RefuseEnrollment(int enrollmentId) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public int Refused { get; private set; }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (!eventData.Context!.ChangeTracker.Entries<IssuedCredential>().Any(e => e.Entity.EnrollmentId == enrollmentId))
            {
                return ValueTask.FromResult(result);
            }
            Refused++;
            throw new DbUpdateException("FOREIGN KEY constraint failed (simulated).");
        }
    }

    /// <summary>The minute sweep, run once as Hangfire would (tests have no job server).</summary>
    public Task<IssueRunResult> RunIssuingJobAsync() =>
        WithServiceAsync<CredentialIssuingJob, IssueRunResult>(job => job.RunAsync(default));

    public Task<List<IssuedCredential>> CredentialsForAsync(IReadOnlyCollection<int> enrollmentIds) =>
        QueryAsync(db => db.IssuedCredentials.AsNoTracking().Where(c => enrollmentIds.Contains(c.EnrollmentId)).OrderBy(c => c.Id).ToListAsync());

    /// <summary>Fetches a published URL (JWKS, status list) through the app, as an outside verifier would.</summary>
    public async Task<string> FetchPublishedAsync(string url)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(new Uri(url).PathAndQuery);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Verifies a JWS against the published JWKS only (not our database), with the standard claims checks.</summary>
    public async Task<VcJwtVerificationResult> VerifyAgainstPublishedJwksAsync(string jws)
    {
        var jwks = JsonNode.Parse(await FetchPublishedAsync("http://localhost/.well-known/jwks.json"))!["keys"]!.AsArray();
        var verified = await VcJwt.VerifyAsync(jws, async (kid, _) =>
        {
            var jwk = jwks.FirstOrDefault(k => k!["kid"]!.GetValue<string>() == kid);
            if (jwk is null)
            {
                return null;
            }
            // The kid is the issuer's profile URL with a fragment naming the key; the issuer's DID document, next to
            // the profile, says it is the same issuer (alsoKnownAs), which credentials since Data Integrity name.
            var profile = kid[..kid.IndexOf('#', StringComparison.Ordinal)];
            var did = JsonNode.Parse(await FetchPublishedAsync(profile + "/did.json"))!;
            return new VcJwtKey(kid, profile, JsonWebKeys.FromPublicJwk(jwk.AsObject()))
            {
                IssuerDid = did["alsoKnownAs"]!.AsArray().Any(a => a!.GetValue<string>() == profile) ? did["id"]!.GetValue<string>() : null,
            };
        });
        // VcJwt reports the period; as an outside verifier would, judge it against the real clock.
        if (Core.Verification.ValidityPeriod.Of(verified) is { } period)
        {
            Assert.False(period.IsNotYetValidAt(TimeProvider.System.GetUtcNow()), $"Not valid before {period.ValidFrom:O}.");
            Assert.False(period.HasExpiredAt(TimeProvider.System.GetUtcNow()), $"Expired at {period.ValidUntil:O}.");
        }
        return verified;
    }

    /// <summary>
    /// Verifies a JWS with the <c>jose</c> library in Node (tests/interop) against the JWKS this app publishes:
    /// what an outside verifier would do. Returns jose's exit code and its one-line JSON report.
    /// </summary>
    public async Task<(int ExitCode, string Output)> VerifyWithJoseAsync(string jws)
    {
        var folder = Directory.CreateTempSubdirectory("ctec-jose-");
        try
        {
            var jwsFile = Path.Combine(folder.FullName, "credential.jwt");
            var jwksFile = Path.Combine(folder.FullName, "jwks.json");
            await File.WriteAllTextAsync(jwsFile, jws);
            await File.WriteAllTextAsync(jwksFile, await FetchPublishedAsync("http://localhost/.well-known/jwks.json"));
            var (exitCode, output) = await RunNodeAsync("verify-vc-jwt.mjs", [jwsFile, jwksFile], null);
            return (exitCode, output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Reads a credential's bit from the status list it names, fetched and verified like an outside verifier would.</summary>
    public async Task<bool> PublishedStatusAsync(IssuedCredential credential, StatusPurpose purpose)
    {
        var entry = JsonNode.Parse(credential.CredentialJson)!["credentialStatus"]!.AsArray()
            .Single(e => e!["statusPurpose"]!.GetValue<string>() == CredentialUrls.PurposeName(purpose))!;
        var listJws = await FetchPublishedAsync(entry["statusListCredential"]!.GetValue<string>());
        var verified = await VerifyAgainstPublishedJwksAsync(listJws);
        Assert.True(verified.IsValid, verified.Detail);
        var list = BitstringStatusList.Decode(verified.Credential!["credentialSubject"]!["encodedList"]!.GetValue<string>());
        return list[int.Parse(entry["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)];
    }

    /// <summary>
    /// Verifies credentials with their embedded Data Integrity proofs as the DCC wallet and VerifierPlus do
    /// (tests/interop/verify-data-integrity.mjs: @digitalcredentials/vc, eddsa-rdfc-2022, static contexts), given the
    /// issuers' DID documents and status lists as this app serves them. One result per credential.
    /// </summary>
    public async Task<JsonArray> VerifyWithDccAsync(IEnumerable<JsonObject> credentials, IEnumerable<int> baseIds)
    {
        var list = credentials.ToList();
        var dids = new JsonArray();
        foreach (var baseId in baseIds.Distinct())
        {
            dids.Add(JsonNode.Parse(await FetchPublishedAsync($"http://localhost/issuers/{baseId}/did.json")));
        }
        var statusLists = new JsonObject();
        using var client = CreateClient();
        foreach (var url in list.SelectMany(c => c["credentialStatus"]?.AsArray() ?? []).Select(e => e!["statusListCredential"]!.GetValue<string>()).Distinct())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url).PathAndQuery);
            request.Headers.Accept.ParseAdd("application/ld+json, application/json");
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            statusLists[url] = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        }
        var input = new JsonObject
        {
            ["credentials"] = new JsonArray(list.Select(c => (JsonNode)c.DeepClone()).ToArray()),
            ["didDocuments"] = dids,
            ["statusLists"] = statusLists,
        };
        var (exitCode, output) = await RunNodeAsync("verify-data-integrity.mjs", [], input.ToJsonString());
        Assert.True(exitCode == 0, output);
        return JsonNode.Parse(output)!.AsArray();
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, string[] arguments, string? standardInput)
    {
        var (exitCode, output, error) = await UnitTests.NodeInterop.RunAsync(script, arguments, standardInput: standardInput);
        return (exitCode, output + error);
    }
}
