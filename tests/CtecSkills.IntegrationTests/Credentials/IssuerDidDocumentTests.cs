using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.LinkedData;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Credentials;

/// <summary>
/// Each issuer's Ed25519 keys, for Data Integrity proofs: made with its RSA key, protected like it, and published in
/// the issuer's did:web DID document, where wallets and Data Integrity verifiers resolve them (issue 16, point 2).
/// A fixture of its own: these tests rotate and compromise keys.
/// </summary>
public sealed class IssuerDidDocumentTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task DidDocument_AfterIssuing_ListsTheIssuersEd25519KeyAsAMultikeyItsDidControls()
    {
        var credential = await app.IssuedCredentialAsync(DemoSeeder.Bases[0]);
        var baseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[0].StaffEmail);
        var key = await app.QueryAsync(db => db.IssuerKeys.SingleAsync(k => k.KeyId == credential.KeyId));

        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/issuers/{baseId}/did.json");
        var did = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/did+ld+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var id = Urls.IssuerDid(baseId);
        Assert.Equal(id, did["id"]!.GetValue<string>());
        Assert.Equal(Urls.Issuer(baseId).AbsoluteUri, did["alsoKnownAs"]![0]!.GetValue<string>());
        var method = Assert.Single(did["verificationMethod"]!.AsArray())!;
        Assert.Equal($"{id}#{key.Ed25519PublicKeyMultibase}", method["id"]!.GetValue<string>());
        Assert.Equal("Multikey", method["type"]!.GetValue<string>());
        Assert.Equal(id, method["controller"]!.GetValue<string>());
        Assert.StartsWith("z6Mk", method["publicKeyMultibase"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(method["revoked"]);
        Assert.Equal(method["id"]!.GetValue<string>(), Assert.Single(did["assertionMethod"]!.AsArray())!.GetValue<string>());
        // The published key is the one the protected seed signs with.
        Assert.Equal(key.Ed25519PublicKeyMultibase, Seed(key).PublicKeyMultibase);
        var found = await app.WithServiceAsync<IssuerKeyStore, DataIntegrityPublicKey?>(s => s.FindVerificationMethodAsync(method["id"]!.GetValue<string>(), default).AsTask());
        Assert.NotNull(found);
        Assert.Equal(id, found.Controller);
        Assert.Equal(credential.KeyId, found.KeyId);
        Assert.Equal(Ed25519Multikey.DecodePublicKey(key.Ed25519PublicKeyMultibase!), found.PublicKey);
    }

    [Fact]
    public async Task DidDocument_AfterRotationAndCompromise_KeepsEveryKeyAndMarksTheCompromisedOneRevoked()
    {
        var credential = await app.IssuedCredentialAsync(DemoSeeder.Bases[1]);
        var baseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[1].StaffEmail);
        var first = await app.QueryAsync(db => db.IssuerKeys.SingleAsync(k => k.KeyId == credential.KeyId));
        Assert.True(await app.WithServiceAsync<IssuerKeyStore, bool>(s => s.RotateAsync(baseId, default)));
        var adminId = await app.QueryAsync(db => db.Users.Where(u => u.Email == CtecSkillsApp.AdminEmail).Select(u => u.Id).SingleAsync());
        var moment = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds());
        Assert.Equal(KeyCompromiseResult.Done, await app.WithServiceAsync<IssuerKeyStore, KeyCompromiseResult>(
            s => s.MarkCompromisedAsync(baseId, first.Id, moment, "测试：备份外泄", adminId, default)));
        var current = await app.QueryAsync(db => db.IssuerKeys.SingleAsync(k => k.TrainingBaseId == baseId && k.RetiredAt == null));

        var did = JsonNode.Parse(await app.FetchPublishedAsync(Urls.Issuer(baseId).AbsoluteUri + "/did.json"))!;

        var methods = did["verificationMethod"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(2, methods.Count);
        var compromised = Assert.Single(methods, m => m["publicKeyMultibase"]!.GetValue<string>() == first.Ed25519PublicKeyMultibase);
        Assert.Equal(OpenBadgeCredentialBuilder.FormatDate(moment), compromised["revoked"]!.GetValue<string>());
        var assertion = did["assertionMethod"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        // The retired key whose compromise was marked is out; the one rotation made is the only assertion method.
        Assert.Equal(Urls.VerificationMethod(baseId, current.Ed25519PublicKeyMultibase!), Assert.Single(assertion));
        Assert.NotEqual(first.Ed25519PublicKeyMultibase, current.Ed25519PublicKeyMultibase);
    }

    [Fact]
    public async Task SigningKey_MadeBeforeDataIntegrityAndAskedForTwiceAtOnce_GetsOneEd25519Half()
    {
        await app.IssuedCredentialAsync(DemoSeeder.Bases[2]);
        var baseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[2].StaffEmail);
        await app.QueryAsync(db => db.IssuerKeys.Where(k => k.TrainingBaseId == baseId && k.RetiredAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(k => k.Ed25519PublicKeyMultibase, (string?)null)
            .SetProperty(k => k.ProtectedEd25519Seed, (string?)null)));

        var keys = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.WithServiceAsync<IssuerKeyStore, IssuerSigningKey>(s => s.GetSigningKeyAsync(baseId, default))));

        var stored = await app.QueryAsync(db => db.IssuerKeys.SingleAsync(k => k.TrainingBaseId == baseId && k.RetiredAt == null));
        Assert.NotNull(stored.Ed25519PublicKeyMultibase);
        Assert.All(keys, k => Assert.Equal(Urls.VerificationMethod(baseId, stored.Ed25519PublicKeyMultibase!), k.VerificationMethod));
        Assert.All(keys, k => Assert.Equal(stored.Ed25519PublicKeyMultibase, k.DataIntegrityKey.PublicKeyMultibase));
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task VerificationMethod_UnknownIssuerOtherIssuersKeyOrForeignHost_IsNotFound()
    {
        var a = await app.IssuedCredentialAsync(DemoSeeder.Bases[3]);
        var b = await app.IssuedCredentialAsync(DemoSeeder.Bases[4]);
        var keyA = await app.QueryAsync(db => db.IssuerKeys.SingleAsync(k => k.KeyId == a.KeyId));
        var keyB = await app.QueryAsync(db => db.IssuerKeys.SingleAsync(k => k.KeyId == b.KeyId));

        using var client = app.CreateClient();
        using var unknown = await client.GetAsync("/issuers/987654/did.json");
        var crossed = await FindAsync(Urls.VerificationMethod(keyA.TrainingBaseId, keyB.Ed25519PublicKeyMultibase!));
        var foreign = await FindAsync($"did:web:evil.example:issuers:{keyA.TrainingBaseId}#{keyA.Ed25519PublicKeyMultibase}");
        var noFragment = await FindAsync(Urls.IssuerDid(keyA.TrainingBaseId));
        var own = await FindAsync(Urls.VerificationMethod(keyA.TrainingBaseId, keyA.Ed25519PublicKeyMultibase!));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Null(crossed);
        Assert.Null(foreign);
        Assert.Null(noFragment);
        Assert.NotNull(own);
    }

    [Fact]
    public async Task Ed25519Seed_FromACopiedDatabase_CannotBeReadWithoutTheDataProtectionKeys()
    {
        var credential = await app.IssuedCredentialAsync(DemoSeeder.Bases[5]);
        var key = await app.QueryAsync(db => db.IssuerKeys.SingleAsync(k => k.KeyId == credential.KeyId));
        var stored = Convert.FromBase64String(key.ProtectedEd25519Seed!);

        // Not the seed itself, and no other purpose's protector (nor another app's keys) can open it.
        Assert.NotEqual(32, stored.Length);
        var rsaProtector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(IssuerKeyStore.ProtectionPurpose);
        Assert.ThrowsAny<CryptographicException>(() => rsaProtector.Unprotect(stored));
        var otherApp = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(Path.GetTempPath(), "ctec-other-" + Guid.NewGuid())));
        Assert.ThrowsAny<CryptographicException>(() => otherApp.CreateProtector(IssuerKeyStore.Ed25519ProtectionPurpose).Unprotect(stored));
        Assert.Equal(key.Ed25519PublicKeyMultibase, Seed(key).PublicKeyMultibase);
    }

    private CredentialUrls Urls => app.Services.GetRequiredService<CredentialUrls>();

    private Task<DataIntegrityPublicKey?> FindAsync(string verificationMethod) =>
        app.WithServiceAsync<IssuerKeyStore, DataIntegrityPublicKey?>(s => s.FindVerificationMethodAsync(verificationMethod, default).AsTask());

    private Ed25519KeyPair Seed(IssuerKey key) =>
        Ed25519KeyPair.FromSeed(app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(IssuerKeyStore.Ed25519ProtectionPurpose)
            .Unprotect(Convert.FromBase64String(key.ProtectedEd25519Seed!)));
}
