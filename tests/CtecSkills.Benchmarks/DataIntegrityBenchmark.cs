using System.Diagnostics;
using System.Globalization;
using CtecSkills.Core.LinkedData;

namespace CtecSkills.Benchmarks;

/// <summary>
/// The Data Integrity work one credential costs, in process and without the database: RDFC-1.0 over the credential's
/// and the proof configuration's quads, the eddsa-rdfc-2022 proofValue, and a verification (both canonicalized again,
/// then the signature checked). The datasets are shaped like our Open Badges credentials after JSON-LD to-RDF — about
/// 40 quads, Chinese names, blank nodes for the criteria, image, alignments and results, two of them alike — with
/// every credential's blank nodes labelled afresh, as an expansion would.
/// </summary>
public static class DataIntegrityBenchmark
{
    public const int Credentials = 10_000;

    private const string Ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
    private const string Cred = "https://www.w3.org/2018/credentials#";
    private const string Sec = "https://w3id.org/security#";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    public static Task<int> RunAsync()
    {
        var key = Ed25519KeyPair.Generate();
        var datasets = Enumerable.Range(0, Credentials).Select(i => (Document: Credential(i), Proof: ProofConfig(i, key))).ToList();

        // Warm up the JIT on a hundred credentials before timing.
        foreach (var (document, proof) in datasets.Take(100))
        {
            Sign(document, proof, key);
        }

        var canonicalized = new (string Document, string Proof)[Credentials];
        var canonicalize = Stopwatch.StartNew();
        for (var i = 0; i < Credentials; i++)
        {
            canonicalized[i] = (RdfCanonicalizer.Canonicalize(datasets[i].Document).CanonicalNQuads,
                RdfCanonicalizer.Canonicalize(datasets[i].Proof).CanonicalNQuads);
        }
        canonicalize.Stop();

        var proofValues = new string[Credentials];
        var sign = Stopwatch.StartNew();
        for (var i = 0; i < Credentials; i++)
        {
            proofValues[i] = EddsaRdfc2022.CreateProofValue(canonicalized[i].Proof, canonicalized[i].Document, key);
        }
        sign.Stop();

        var verifyTimes = new double[Credentials];
        var verified = 0;
        var verify = Stopwatch.StartNew();
        for (var i = 0; i < Credentials; i++)
        {
            var one = Stopwatch.GetTimestamp();
            if (EddsaRdfc2022.VerifyProofValue(RdfCanonicalizer.Canonicalize(datasets[i].Proof).CanonicalNQuads,
                    RdfCanonicalizer.Canonicalize(datasets[i].Document).CanonicalNQuads, key.PublicKey, proofValues[i]))
            {
                verified++;
            }
            verifyTimes[i] = Stopwatch.GetElapsedTime(one).TotalMicroseconds;
        }
        verify.Stop();
        Array.Sort(verifyTimes);

        var quads = datasets.Average(d => d.Document.Count + d.Proof.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Credentials} credentials, {quads:F1} quads each (document + proof configuration), Ed25519 over BouncyCastle"));
        Console.WriteLine("| step | total s | per credential µs |");
        Console.WriteLine("|---|---:|---:|");
        Row("canonicalize document + proof config (RDFC-1.0)", canonicalize.Elapsed);
        Row("hash + sign (proofValue)", sign.Elapsed);
        Row("issue: canonicalize + sign", canonicalize.Elapsed + sign.Elapsed);
        Row("verify: canonicalize both + check signature", verify.Elapsed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one verification: median {verifyTimes[Credentials / 2]:F0} µs, p99 {verifyTimes[Credentials * 99 / 100]:F0} µs; {verified} of {Credentials} verified"));
        return Task.FromResult(verified == Credentials ? 0 : 1);
    }

    private static void Row(string step, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {step} | {elapsed.TotalSeconds:F2} | {elapsed.TotalMicroseconds / Credentials:F0} |"));

    private static void Sign(List<RdfQuad> document, List<RdfQuad> proof, Ed25519KeyPair key) =>
        EddsaRdfc2022.CreateProofValue(RdfCanonicalizer.Canonicalize(proof).CanonicalNQuads,
            RdfCanonicalizer.Canonicalize(document).CanonicalNQuads, key);

    private static List<RdfQuad> Credential(int i)
    {
        var quads = new List<RdfQuad>();
        var blank = 0;
        RdfBlankNode Blank() => new($"b{i}_{blank++}");
        void Add(RdfTerm s, string p, RdfTerm o) => quads.Add(new RdfQuad(s, new RdfIri(p), o));
        static RdfLiteral Typed(string value, string type) => new(value, Xsd + type);

        var credential = new RdfIri($"urn:uuid:{new Guid(i, 16, 16, 0, 0, 0, 0, 0, 0, 0, 1)}");
        var issuer = new RdfIri("https://skills.example.cn/issuers/42");
        var subject = new RdfIri($"urn:uuid:{new Guid(i, 16, 16, 0, 0, 0, 0, 0, 0, 0, 2)}");
        var achievement = new RdfIri($"https://skills.example.cn/achievements/{i % 50}");
        Add(credential, Rdf.Type, new RdfIri(Cred + "VerifiableCredential"));
        Add(credential, Rdf.Type, new RdfIri(Ob + "OpenBadgeCredential"));
        Add(credential, "https://schema.org/name", RdfLiteral.Plain($"电工技能证书 第{i}号"));
        Add(credential, Cred + "issuer", issuer);
        Add(credential, Cred + "validFrom", Typed($"2026-{1 + i % 12:00}-01T08:00:00Z", "dateTime"));
        Add(credential, Cred + "credentialSubject", subject);
        Add(issuer, Rdf.Type, new RdfIri(Ob + "Profile"));
        Add(issuer, "https://schema.org/name", RdfLiteral.Plain("城市职业技能培训中心"));
        Add(issuer, "https://schema.org/url", new RdfIri("https://skills.example.cn/"));
        Add(subject, Rdf.Type, new RdfIri(Ob + "AchievementSubject"));
        Add(subject, Ob + "achievement", achievement);
        Add(achievement, Rdf.Type, new RdfIri(Ob + "Achievement"));
        Add(achievement, "https://schema.org/name", RdfLiteral.Plain("低压电工作业"));
        Add(achievement, "https://schema.org/description", RdfLiteral.Plain("掌握低压配电线路的安装、检修与安全操作。\n考核合格。"));
        var criteria = Blank();
        Add(achievement, Ob + "Criteria", criteria);
        Add(criteria, Ob + "narrative", RdfLiteral.Plain("理论考试 ≥ 60 分，实操考核合格"));
        var image = Blank();
        Add(achievement, Ob + "image", image);
        Add(image, Rdf.Type, new RdfIri(Ob + "Image"));
        Add(image, "https://schema.org/caption", RdfLiteral.LanguageString("徽章", "zh-CN"));
        for (var a = 0; a < 2; a++)
        {
            var alignment = Blank();
            Add(achievement, Ob + "alignment", alignment);
            Add(alignment, Rdf.Type, new RdfIri(Ob + "Alignment"));
            Add(alignment, Ob + "targetName", RdfLiteral.Plain($"国家职业技能标准 6-31-01-0{3 + a}"));
            Add(alignment, Ob + "targetUrl", new RdfIri($"https://skills.example.cn/standards/{a}"));
        }
        // Two results alike but for their value: the kind of near-twins RDFC-1.0 has to tell apart.
        foreach (var (name, score) in new[] { ("理论", 60 + i % 40), ("实操", 70 + i % 30) })
        {
            var result = Blank();
            Add(subject, Ob + "result", result);
            Add(result, Rdf.Type, new RdfIri(Ob + "Result"));
            Add(result, Ob + "value", RdfLiteral.Plain(score.ToString(CultureInfo.InvariantCulture)));
            Add(result, "https://schema.org/name", RdfLiteral.Plain(name));
        }
        var evidence = Blank();
        Add(credential, Cred + "evidence", evidence);
        Add(evidence, Rdf.Type, new RdfIri(Ob + "Evidence"));
        Add(evidence, "https://schema.org/name", RdfLiteral.Plain("实操考核记录"));
        Add(evidence, "https://schema.org/description", RdfLiteral.Plain("考评员：张三 \t 李四"));
        return quads;
    }

    private static List<RdfQuad> ProofConfig(int i, Ed25519KeyPair key)
    {
        var proof = new RdfBlankNode($"p{i}");
        var method = new RdfIri($"did:web:skills.example.cn:issuers:42#{key.PublicKeyMultibase}");
        return
        [
            new(proof, new RdfIri(Rdf.Type), new RdfIri(Sec + "DataIntegrityProof")),
            new(proof, new RdfIri(Sec + "cryptosuite"), new RdfLiteral("eddsa-rdfc-2022", Sec + "cryptosuiteString")),
            new(proof, new RdfIri("http://purl.org/dc/terms/created"), new RdfLiteral("2026-12-04T10:00:00Z", Xsd + "dateTime")),
            new(proof, new RdfIri(Sec + "proofPurpose"), new RdfIri(Sec + "assertionMethod")),
            new(proof, new RdfIri(Sec + "verificationMethod"), method),
        ];
    }
}
