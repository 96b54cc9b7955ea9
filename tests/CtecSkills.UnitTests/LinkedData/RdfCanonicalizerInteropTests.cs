using System.Text.Json;
using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

/// <summary>
/// Our RDFC-1.0 against rdf-canonize 5.0.0, the library behind jsonld.canonize and so behind the DCC wallet and
/// verifiers: the same random datasets (tests/interop/canonize-nquads.mjs) must give the same bytes.
/// </summary>
public sealed class RdfCanonicalizerInteropTests
{
    private const int DatasetCount = 800;

    [Fact]
    public async Task Canonicalize_RandomDatasetsWithUtf16LineOrder_MatchRdfCanonizeByteForByte()
    {
        var datasets = new RandomDatasets(seed: 16);
        var random = new Random(61);
        var inputs = new List<string>();
        var ours = new List<string>();
        for (var i = 0; i < DatasetCount; i++)
        {
            var quads = datasets.Next();
            inputs.Add(NQuads.Serialize(BlankNodeScramble.Scramble(quads, random)));
            ours.Add(RdfCanonicalizer.Canonicalize(quads, new RdfcOptions { LineOrder = RdfcLineOrder.Utf16 }).CanonicalNQuads);
        }

        // rdf-canonize's default allows as many N-degree hashes as there are non-unique blank nodes; the symmetric
        // shapes here need more, so the oracle runs with a work factor of 3 (O(n³)).
        var (exitCode, output, error) = await NodeInterop.RunAsync("canonize-nquads.mjs", ["3"],
            standardInput: JsonSerializer.Serialize(inputs));

        Assert.True(exitCode == 0, error);
        using var results = JsonDocument.Parse(output);
        Assert.Equal(DatasetCount, results.RootElement.GetArrayLength());
        var theirs = results.RootElement.EnumerateArray()
            .Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : "rdf-canonize failed: " + r.GetProperty("error").GetString())
            .ToList();
        var differences = Enumerable.Range(0, DatasetCount).Where(i => ours[i] != theirs[i]).ToList();
        Assert.True(differences.Count == 0,
            $"{differences.Count} of {DatasetCount} differ; the first, #{differences.FirstOrDefault()}:\ninput:\n{inputs[differences.FirstOrDefault()]}\nours:\n{ours[differences.FirstOrDefault()]}\nrdf-canonize:\n{theirs[differences.FirstOrDefault()]}");
        Assert.Contains(ours, c => c.Contains("\U0001F600", StringComparison.Ordinal) || c.Contains("\U00020BB7", StringComparison.Ordinal));
        Assert.Contains(ours, c => c.Contains("_:c14n5 ", StringComparison.Ordinal));
    }
}
