namespace CtecSkills.Core.LinkedData;

/// <summary>An RDF term (RDF 1.1 Concepts): an IRI, a blank node or a literal.</summary>
public abstract record RdfTerm;

/// <summary>An absolute IRI, stored as written (no normalization).</summary>
public sealed record RdfIri(string Value) : RdfTerm
{
    public override string ToString() => $"<{Value}>";
}

/// <summary>A blank node; <see cref="Label"/> is its identifier without the <c>_:</c> prefix.</summary>
public sealed record RdfBlankNode(string Label) : RdfTerm
{
    public override string ToString() => $"_:{Label}";
}

/// <summary>
/// A literal: its lexical form, its datatype IRI and, for <c>rdf:langString</c>, its language tag. A plain string has
/// the datatype <see cref="Rdf.XsdString"/>.
/// </summary>
public sealed record RdfLiteral(string Value, string Datatype, string? Language = null) : RdfTerm
{
    public static RdfLiteral Plain(string value) => new(value, Rdf.XsdString);

    public static RdfLiteral LanguageString(string value, string language) => new(value, Rdf.LangString, language);
}

/// <summary>A quad: a triple and, when it is not in the default graph, the graph's name (an IRI or a blank node).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Subject, predicate, object: RDF's own names.")]
public sealed record RdfQuad(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm? Graph = null)
{
    /// <summary>The quad in canonical N-Quads form, ending with a line feed (see <see cref="NQuads"/>).</summary>
    public override string ToString() => NQuads.Serialize(this);
}

/// <summary>IRIs RDF itself defines.</summary>
public static class Rdf
{
    public const string Namespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Type = Namespace + "type";
    public const string First = Namespace + "first";
    public const string Rest = Namespace + "rest";
    public const string Nil = Namespace + "nil";
    public const string LangString = Namespace + "langString";
    public const string Json = Namespace + "JSON";
    public const string XsdString = "http://www.w3.org/2001/XMLSchema#string";
}
