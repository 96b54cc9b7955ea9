using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// Node Map Generation (JSON-LD 1.1 API §7.2) and Deserialize JSON-LD to RDF (§8.1), producing the literals jsonld.js
/// produces: numbers as xsd:integer or canonical xsd:double, <c>@json</c> as rdf:JSON in RFC 8785 form, and
/// <c>@direction</c> dropped (jsonld.js with no <c>rdfDirection</c>; an error in safe mode, as there).
/// </summary>
internal sealed partial class RdfSerializer(bool safeMode)
{
    private const string XsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
    private const string XsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
    private const string XsdDouble = "http://www.w3.org/2001/XMLSchema#double";

    private readonly Dictionary<string, string> _blankNodes = new(StringComparer.Ordinal);

    [GeneratedRegex("^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    public List<RdfQuad> ToRdf(JsonArray expanded)
    {
        var nodeMap = new Dictionary<string, Dictionary<string, JsonObject>>(StringComparer.Ordinal)
        {
            ["@default"] = new(StringComparer.Ordinal),
        };
        GenerateNodeMap(expanded, nodeMap, "@default", null, null, null);
        var quads = new List<RdfQuad>();
        foreach (var (graphName, graph) in nodeMap.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            RdfTerm? graphTerm = null;
            if (graphName != "@default")
            {
                if (!Iri.IsAbsolute(graphName))
                {
                    Unsafe("relative graph reference", $"The graph name {graphName} is a relative IRI.");
                    continue;
                }
                graphTerm = Term(graphName);
            }
            foreach (var (subject, node) in graph.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                if (!Iri.IsAbsolute(subject))
                {
                    Unsafe("relative subject reference", $"The subject {subject} is a relative IRI.");
                    continue;
                }
                var subjectTerm = Term(subject);
                foreach (var (property, values) in node.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (property == "@type")
                    {
                        foreach (var type in (JsonArray)values!)
                        {
                            var typeIri = type!.GetValue<string>();
                            if (Iri.IsAbsolute(typeIri))
                            {
                                quads.Add(new RdfQuad(subjectTerm, new RdfIri(Rdf.Type), Term(typeIri), graphTerm));
                            }
                            else
                            {
                                Unsafe("relative type reference", $"The type {typeIri} is a relative IRI.");
                            }
                        }
                        continue;
                    }
                    if (ContextProcessor.IsKeyword(property))
                    {
                        continue;
                    }
                    if (Iri.IsBlankNode(property))
                    {
                        Unsafe("blank node predicate", $"The property {property} is a blank node.");
                        continue;
                    }
                    if (!Iri.IsAbsolute(property))
                    {
                        Unsafe("relative predicate reference", $"The property {property} is a relative IRI.");
                        continue;
                    }
                    foreach (var item in (JsonArray)values!)
                    {
                        var listTriples = new List<RdfQuad>();
                        var objectTerm = ObjectToRdf(item!, listTriples, graphTerm);
                        if (objectTerm is not null)
                        {
                            quads.Add(new RdfQuad(subjectTerm, new RdfIri(property), objectTerm, graphTerm));
                        }
                        quads.AddRange(listTriples);
                    }
                }
            }
        }
        return quads;
    }

    private static RdfTerm Term(string id) =>
        Iri.IsBlankNode(id) ? new RdfBlankNode(id[2..]) : new RdfIri(id);

    private string BlankNode(string existing)
    {
        if (!_blankNodes.TryGetValue(existing, out var label))
        {
            label = "_:b" + _blankNodes.Count.ToString(CultureInfo.InvariantCulture);
            _blankNodes[existing] = label;
        }
        return label;
    }

    private string NewBlankNode()
    {
        var label = "_:b" + _blankNodes.Count.ToString(CultureInfo.InvariantCulture);
        _blankNodes["\u0000" + label] = label;
        return label;
    }

    private void GenerateNodeMap(
        JsonNode? element,
        Dictionary<string, Dictionary<string, JsonObject>> nodeMap,
        string activeGraph,
        JsonNode? activeSubject,
        string? activeProperty,
        JsonArray? list)
    {
        if (element is JsonArray array)
        {
            foreach (var item in array)
            {
                GenerateNodeMap(item, nodeMap, activeGraph, activeSubject, activeProperty, list);
            }
            return;
        }
        if (element is not JsonObject map)
        {
            return;
        }
        if (!nodeMap.TryGetValue(activeGraph, out var graph))
        {
            graph = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            nodeMap[activeGraph] = graph;
        }
        var subjectNode = activeSubject?.GetValueKind() == JsonValueKind.String ? graph[activeSubject.GetValue<string>()] : null;
        if (map["@type"] is JsonArray types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                var type = types[i]!.GetValue<string>();
                if (Iri.IsBlankNode(type))
                {
                    types[i] = BlankNode(type);
                }
            }
        }
        if (map.ContainsKey("@value"))
        {
            if (list is null)
            {
                AddUnique(subjectNode!, activeProperty!, map.DeepClone());
            }
            else
            {
                list.Add(map.DeepClone());
            }
            return;
        }
        if (map.TryGetPropertyValue("@list", out var listItems))
        {
            var result = new JsonArray();
            GenerateNodeMap(listItems, nodeMap, activeGraph, activeSubject, activeProperty, result);
            var listObject = new JsonObject { ["@list"] = result };
            if (list is null)
            {
                if (subjectNode![activeProperty!] is not JsonArray existing)
                {
                    existing = new JsonArray();
                    subjectNode[activeProperty!] = existing;
                }
                existing.Add(listObject);
            }
            else
            {
                list.Add(listObject);
            }
            return;
        }
        string id;
        if (map.TryGetPropertyValue("@id", out var nullId) && nullId is null)
        {
            return;
        }
        if (map["@id"] is { } idNode)
        {
            id = idNode.GetValue<string>();
            if (Iri.IsBlankNode(id))
            {
                id = BlankNode(id);
            }
        }
        else
        {
            id = NewBlankNode();
        }
        if (!graph.TryGetValue(id, out var node))
        {
            node = new JsonObject { ["@id"] = id };
            graph[id] = node;
        }
        if (activeSubject is JsonObject reverseSubject)
        {
            AddUnique(node, activeProperty!, reverseSubject.DeepClone());
        }
        else if (activeProperty is not null)
        {
            var reference = new JsonObject { ["@id"] = id };
            if (list is null)
            {
                AddUnique(subjectNode!, activeProperty, reference);
            }
            else
            {
                list.Add(reference);
            }
        }
        if (map["@type"] is JsonArray nodeTypes)
        {
            foreach (var type in nodeTypes)
            {
                AddUnique(node, "@type", type!.DeepClone());
            }
        }
        if (map.TryGetPropertyValue("@index", out var index))
        {
            if (node.TryGetPropertyValue("@index", out var existingIndex) && !JsonNode.DeepEquals(existingIndex, index))
            {
                throw new JsonLdException("conflicting indexes", $"The node {id} has two different @index values.");
            }
            node["@index"] = index?.DeepClone();
        }
        if (map["@reverse"] is JsonObject reverse)
        {
            var referenced = new JsonObject { ["@id"] = id };
            foreach (var (property, values) in reverse)
            {
                foreach (var value in Expander.AsList(values))
                {
                    GenerateNodeMap(value, nodeMap, activeGraph, referenced, property, null);
                }
            }
        }
        if (map.TryGetPropertyValue("@graph", out var innerGraph))
        {
            if (!nodeMap.ContainsKey(id))
            {
                nodeMap[id] = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            }
            GenerateNodeMap(innerGraph, nodeMap, id, null, null, null);
        }
        if (map.TryGetPropertyValue("@included", out var included))
        {
            GenerateNodeMap(included, nodeMap, activeGraph, null, null, null);
        }
        foreach (var (rawProperty, values) in map.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            if (rawProperty is "@id" or "@type" or "@index" or "@reverse" or "@graph" or "@included")
            {
                continue;
            }
            var property = Iri.IsBlankNode(rawProperty) ? BlankNode(rawProperty) : rawProperty;
            if (!node.ContainsKey(property))
            {
                node[property] = new JsonArray();
            }
            GenerateNodeMap(values, nodeMap, activeGraph, JsonValue.Create(id), property, null);
        }
    }

    private static void AddUnique(JsonObject node, string property, JsonNode value)
    {
        if (node[property] is not JsonArray existing)
        {
            existing = new JsonArray();
            node[property] = existing;
        }
        if (!existing.Any(e => JsonNode.DeepEquals(e, value)))
        {
            existing.Add(value);
        }
    }

    private RdfTerm? ObjectToRdf(JsonNode item, List<RdfQuad> listTriples, RdfTerm? graph)
    {
        var map = (JsonObject)item;
        if (!map.ContainsKey("@value") && !map.ContainsKey("@list"))
        {
            var id = map["@id"]!.GetValue<string>();
            if (!Iri.IsAbsolute(id))
            {
                Unsafe("relative object reference", $"The object {id} is a relative IRI.");
                return null;
            }
            return Term(id);
        }
        if (map["@list"] is JsonArray listItems)
        {
            return ListToRdf(listItems, listTriples, graph);
        }
        var value = map["@value"];
        var datatype = map["@type"]?.GetValue<string>();
        if (datatype is not null && datatype != "@json" && !Iri.IsAbsolute(datatype))
        {
            return null;
        }
        var language = map["@language"]?.GetValue<string>();
        if (language is not null && !LanguageTag().IsMatch(language))
        {
            Unsafe("invalid @language value", $"The language tag {language} is not well formed.");
            return null;
        }
        if (datatype == "@json")
        {
            return new RdfLiteral(JsonCanonicalizer.Serialize(value), Rdf.Json);
        }
        if (map.ContainsKey("@direction"))
        {
            Unsafe("rdfDirection not set", "A value has @direction, which RDF cannot carry without an rdfDirection mode.");
        }
        switch (value?.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
                return new RdfLiteral(value.GetValue<bool>() ? "true" : "false", datatype ?? XsdBoolean);
            case JsonValueKind.Number:
                {
                    var number = JsonCanonicalizer.ToDouble(value);
                    if (number % 1 != 0 || Math.Abs(number) >= 1e21 || datatype == XsdDouble)
                    {
                        return new RdfLiteral(CanonicalDouble(number), datatype ?? XsdDouble);
                    }
                    return new RdfLiteral(new BigInteger(number).ToString(CultureInfo.InvariantCulture), datatype ?? XsdInteger);
                }
            default:
                {
                    var text = value!.GetValue<string>();
                    if (datatype == XsdDouble)
                    {
                        return new RdfLiteral(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? CanonicalDouble(parsed) : "NaN", datatype);
                    }
                    return language is not null && datatype is null
                        ? RdfLiteral.LanguageString(text, language)
                        : new RdfLiteral(text, datatype ?? Rdf.XsdString);
                }
        }
    }

    /// <summary>The xsd:double form jsonld.js writes: <c>toExponential(15)</c> with trailing zeros of the mantissa cut.</summary>
    internal static string CanonicalDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        var text = value.ToString("E15", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = text[..e].TrimEnd('0');
        if (mantissa.EndsWith('.'))
        {
            mantissa += "0";
        }
        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private RdfTerm ListToRdf(JsonArray items, List<RdfQuad> listTriples, RdfTerm? graph)
    {
        if (items.Count == 0)
        {
            return new RdfIri(Rdf.Nil);
        }
        var nodes = items.Select(_ => new RdfBlankNode(NewBlankNode()[2..])).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var objectTerm = ObjectToRdf(items[i]!, listTriples, graph);
            if (objectTerm is not null)
            {
                listTriples.Add(new RdfQuad(nodes[i], new RdfIri(Rdf.First), objectTerm, graph));
            }
            listTriples.Add(new RdfQuad(nodes[i], new RdfIri(Rdf.Rest), i + 1 < nodes.Count ? nodes[i + 1] : new RdfIri(Rdf.Nil), graph));
        }
        return nodes[0];
    }

    private void Unsafe(string code, string message)
    {
        if (safeMode)
        {
            throw new JsonLdException(code, message);
        }
    }
}
