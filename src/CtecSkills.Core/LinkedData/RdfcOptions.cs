namespace CtecSkills.Core.LinkedData;

/// <summary>How <see cref="RdfCanonicalizer"/> runs; the defaults are RDFC-1.0 as the specification writes it.</summary>
public sealed record RdfcOptions
{
    /// <summary>
    /// The hash used for every blank-node hash (RDFC-1.0 defaults to SHA-256; SHA-384 is its named alternative).
    /// </summary>
    public RdfcHashAlgorithm HashAlgorithm { get; init; } = RdfcHashAlgorithm.Sha256;

    /// <summary>
    /// How N-Quads lines are sorted, in the output and inside the first-degree hash. See <see cref="RdfcLineOrder"/>.
    /// </summary>
    public RdfcLineOrder LineOrder { get; init; } = RdfcLineOrder.CodePoint;

    /// <summary>
    /// The most units of work — one per Hash N-Degree Quads call and one per permutation tried — canonicalization
    /// may spend before giving up with <see cref="RdfcWorkLimitExceededException"/>: RDFC-1.0 requires a defence
    /// against datasets built to take exponential time (ADR 0032 gives how the default was chosen).
    /// </summary>
    public long WorkLimit { get; init; } = DefaultWorkLimit;

    public const long DefaultWorkLimit = 50_000;
}

/// <summary>The hash RDFC-1.0 runs with.</summary>
public enum RdfcHashAlgorithm
{
    Sha256,
    Sha384,
}

/// <summary>
/// The order of N-Quads lines. They differ only when one line has a character above U+FFFF where another has one in
/// U+E000–U+FFFF at the same place.
/// </summary>
public enum RdfcLineOrder
{
    /// <summary>Unicode code point order, as RDFC-1.0 specifies.</summary>
    CodePoint,

    /// <summary>UTF-16 code unit order, as rdf-canonize (JavaScript's string sort, which most verifiers run) does.</summary>
    Utf16,
}

/// <summary>A canonical form and which canonical label (<c>c14nN</c>) each input blank node got.</summary>
public sealed record RdfcResult(string CanonicalNQuads, IReadOnlyDictionary<string, string> IssuedIdentifiers);

/// <summary>The dataset needed more canonicalization work than allowed: treat it as an attack, not as a credential.</summary>
public sealed class RdfcWorkLimitExceededException : Exception
{
    public RdfcWorkLimitExceededException()
    {
    }

    public RdfcWorkLimitExceededException(string message)
        : base(message)
    {
    }

    public RdfcWorkLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RdfcWorkLimitExceededException(long workLimit)
        : base($"RDF canonicalization stopped after {workLimit} units of blank-node work (the work limit): the dataset's blank nodes are too symmetric to canonicalize safely.")
    {
        WorkLimit = workLimit;
    }

    public long WorkLimit { get; }
}
