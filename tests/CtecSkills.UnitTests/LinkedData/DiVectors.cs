using System.Text.Json;

namespace CtecSkills.UnitTests.LinkedData;

/// <summary>The published Data Integrity vectors in TestData/di (see TestData/README.md).</summary>
internal static class DiVectors
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "di");

    /// <summary>The two W3C eddsa-rdfc-2022 cases: the main one ("") and "employ".</summary>
    public static TheoryData<string> W3CCases() => ["", "employ"];

    public static string W3C(string @case, string file) =>
        File.ReadAllText(Path.Combine(Folder, "vc-di-eddsa", "eddsa-rdfc-2022", @case, file)).Trim('\n');

    public static string W3CCanonical(string @case, string file) =>
        File.ReadAllText(Path.Combine(Folder, "vc-di-eddsa", "eddsa-rdfc-2022", @case, file));

    public static (string PublicKeyMultibase, string SecretKeyMultibase) W3CKeyPair()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "vc-di-eddsa", "keyPair.json")));
        return (json.RootElement.GetProperty("publicKeyMultibase").GetString()!,
            json.RootElement.GetProperty("privateKeyMultibase").GetString()!);
    }

    public static string Ob(string file) => File.ReadAllText(Path.Combine(Folder, "ob-v3p0", file));

    // From the 1EdTech OB 3.0 example (linked-data-proof-ob.html): the issuer's key seed, its Multikey and the proofValue.
    public const string ObSeedHex = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4";
    public const string ObPublicKeyMultibase = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    public const string ObProofValue = "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr";
}
