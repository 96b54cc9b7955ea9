using System.Text.Json;
using System.Text.Json.Nodes;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// The Expansion algorithm (JSON-LD 1.1 API §5.1.2) and Value Expansion (§5.3.2), without frame expansion. In safe
/// mode every place where the algorithm would silently drop data raises the jsonld.js event code instead.
/// </summary>
internal sealed class Expander(ContextProcessor contexts, bool safeMode)
{
    public JsonNode? Expand(ActiveContext active, string? activeProperty, JsonNode? element, string? baseUrl, bool fromMap = false)
    {
        if (element is null)
        {
            return null;
        }
        var propertyDefinition = active.Term(activeProperty);
        var propertyScoped = propertyDefinition is { HasLocalContext: true } ? propertyDefinition : null;
        if (element is JsonValue)
        {
            if (activeProperty is null or "@graph")
            {
                Unsafe("free-floating scalar", $"The value {element.ToJsonString()} is not attached to any property.");
                return null;
            }
            if (propertyScoped is not null)
            {
                active = contexts.Process(active, propertyScoped.LocalContext, propertyScoped.BaseUrl);
            }
            return ExpandValue(active, activeProperty, element);
        }
        if (element is JsonArray array)
        {
            var result = new JsonArray();
            foreach (var item in array)
            {
                var expanded = Expand(active, activeProperty, item, baseUrl, fromMap);
                if (active.Term(activeProperty)?.HasContainer("@list") == true && expanded is JsonArray list)
                {
                    expanded = new JsonObject { ["@list"] = Own(list) };
                }
                if (expanded is JsonArray items)
                {
                    foreach (var each in items.ToList())
                    {
                        items.Remove(each);
                        result.Add(each);
                    }
                }
                else if (expanded is not null)
                {
                    result.Add(Own(expanded));
                }
            }
            return result;
        }
        var map = (JsonObject)element;
        if (active.PreviousContext is not null && !fromMap)
        {
            var keepsContext = false;
            foreach (var (key, _) in map)
            {
                if (contexts.ExpandIri(active, key, vocab: true) == "@value")
                {
                    keepsContext = true;
                    break;
                }
            }
            if (!keepsContext && map.Count == 1 && contexts.ExpandIri(active, map.First().Key, vocab: true) == "@id")
            {
                keepsContext = true;
            }
            if (!keepsContext)
            {
                active = active.PreviousContext;
            }
        }
        if (propertyScoped is not null)
        {
            active = contexts.Process(active, propertyScoped.LocalContext, propertyScoped.BaseUrl, overrideProtected: true);
        }
        if (map.TryGetPropertyValue("@context", out var localContext))
        {
            active = contexts.Process(active, localContext, baseUrl);
        }
        var typeScoped = active;
        string? inputType = null;
        var sortedKeys = map.Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        foreach (var key in sortedKeys)
        {
            if (contexts.ExpandIri(active, key, vocab: true) != "@type")
            {
                continue;
            }
            var types = AsList(map[key]).Where(t => t?.GetValueKind() == JsonValueKind.String).Select(t => t!.GetValue<string>()).OrderBy(t => t, StringComparer.Ordinal);
            foreach (var type in types)
            {
                if (typeScoped.Term(type) is { HasLocalContext: true } typeDefinition)
                {
                    active = contexts.Process(active, typeDefinition.LocalContext, typeDefinition.BaseUrl, propagate: false);
                }
            }
        }
        foreach (var key in sortedKeys)
        {
            if (contexts.ExpandIri(active, key, vocab: true) == "@type")
            {
                var last = AsList(map[key]).LastOrDefault();
                if (last?.GetValueKind() == JsonValueKind.String)
                {
                    inputType = contexts.ExpandIri(active, last.GetValue<string>(), vocab: true);
                }
                break;
            }
        }
        var output = new JsonObject();
        ExpandObject(active, typeScoped, activeProperty, map, output, baseUrl, inputType);
        return Finish(output, activeProperty);
    }

    private JsonNode? Finish(JsonObject result, string? activeProperty)
    {
        JsonNode? final = result;
        if (result.TryGetPropertyValue("@value", out var value))
        {
            if (result.Any(e => e.Key is not ("@direction" or "@index" or "@language" or "@type" or "@value"))
                || result.ContainsKey("@type") && (result.ContainsKey("@language") || result.ContainsKey("@direction")))
            {
                throw new JsonLdException("invalid value object", "A value object has entries that do not belong in it.");
            }
            var type = result["@type"];
            if (type?.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "@json")
            {
                // A JSON literal's value may be anything.
            }
            else if (value is null || value is JsonArray { Count: 0 })
            {
                Unsafe("null @value value", "A value object has a null @value.");
                return null;
            }
            else if (value.GetValueKind() != JsonValueKind.String && result.ContainsKey("@language"))
            {
                throw new JsonLdException("invalid language-tagged value", "Only a string can have a language.");
            }
            else if (type is not null && (type.GetValueKind() != JsonValueKind.String || !Iri.IsAbsolute(type.GetValue<string>()) || Iri.IsBlankNode(type.GetValue<string>())))
            {
                throw new JsonLdException("invalid typed value", $"The datatype {type.ToJsonString()} is not an IRI.");
            }
        }
        else if (result.TryGetPropertyValue("@type", out var type) && type is not JsonArray)
        {
            result["@type"] = new JsonArray(Own(type));
        }
        else if (result.ContainsKey("@set") || result.ContainsKey("@list"))
        {
            if (result.Count > 2 || result.Count == 2 && !result.ContainsKey("@index"))
            {
                throw new JsonLdException("invalid set or list object", "An @set or @list object can only have @index beside it.");
            }
            if (result.TryGetPropertyValue("@set", out var set))
            {
                result.Remove("@set");
                final = set;
            }
        }
        if (final is JsonObject only && only.Count == 1 && only.ContainsKey("@language"))
        {
            Unsafe("object with only @language", "An object has only @language.");
            return null;
        }
        if (activeProperty is null or "@graph" && final is JsonObject top)
        {
            if (top.Count == 0)
            {
                Unsafe("empty object", "An empty object is not attached to any property.");
                return null;
            }
            if (top.ContainsKey("@value") || top.ContainsKey("@list"))
            {
                Unsafe(top.ContainsKey("@value") ? "object with only @value" : "object with only @list", "A value or list is not attached to any property.");
                return null;
            }
            if (top.Count == 1 && top.ContainsKey("@id"))
            {
                Unsafe("object with only @id", $"The node {top["@id"]} has nothing but its @id.");
                return null;
            }
        }
        return final;
    }

    private void ExpandObject(ActiveContext active, ActiveContext typeScoped, string? activeProperty, JsonObject element, JsonObject result, string? baseUrl, string? inputType)
    {
        var nests = new List<string>();
        foreach (var key in element.Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal).ToList())
        {
            var value = element[key];
            if (key == "@context")
            {
                continue;
            }
            var expandedProperty = contexts.ExpandIri(active, key, vocab: true);
            if (expandedProperty is null || !expandedProperty.Contains(':', StringComparison.Ordinal) && !ContextProcessor.IsKeyword(expandedProperty))
            {
                Unsafe("invalid property", $"The property \"{key}\" is not defined by any context and would be dropped.");
                continue;
            }
            JsonNode? expandedValue = null;
            if (ContextProcessor.IsKeyword(expandedProperty))
            {
                if (activeProperty == "@reverse")
                {
                    throw new JsonLdException("invalid reverse property map", $"A reverse property map cannot contain the keyword {expandedProperty}.");
                }
                if (result.ContainsKey(expandedProperty) && expandedProperty is not ("@included" or "@type"))
                {
                    throw new JsonLdException("colliding keywords", $"The keyword {expandedProperty} appears twice.");
                }
                switch (expandedProperty)
                {
                    case "@id":
                        if (value?.GetValueKind() != JsonValueKind.String)
                        {
                            throw new JsonLdException("invalid @id value", "@id must be a string.");
                        }
                        expandedValue = ExpandId(active, value.GetValue<string>());
                        break;
                    case "@type":
                        {
                            var types = new JsonArray();
                            foreach (var type in value is JsonArray list ? list.ToList() : [value])
                            {
                                if (type?.GetValueKind() != JsonValueKind.String)
                                {
                                    throw new JsonLdException("invalid type value", "@type must be a string or an array of strings.");
                                }
                                var typeIri = contexts.ExpandIri(typeScoped, type.GetValue<string>(), documentRelative: true, vocab: true);
                                if (typeIri is null || !Iri.IsAbsolute(typeIri))
                                {
                                    Unsafe("relative @type reference", $"The type \"{type.GetValue<string>()}\" is not defined by any context.");
                                }
                                types.Add(typeIri);
                            }
                            expandedValue = value is JsonArray ? types : types[0]!.DeepClone();
                            if (result.TryGetPropertyValue("@type", out var existing))
                            {
                                var combined = new JsonArray();
                                foreach (var item in AsList(existing))
                                {
                                    combined.Add(item?.DeepClone());
                                }
                                foreach (var item in AsList(expandedValue))
                                {
                                    combined.Add(item?.DeepClone());
                                }
                                expandedValue = combined;
                            }
                            break;
                        }
                    case "@graph":
                        expandedValue = ToArray(Expand(active, "@graph", value, baseUrl));
                        break;
                    case "@included":
                        {
                            if (AsList(value).Any(i => i is not JsonObject o || o.Any(e => contexts.ExpandIri(active, e.Key, vocab: true) is "@value" or "@list")))
                            {
                                throw new JsonLdException("invalid @included value", "@included must hold node objects.");
                            }
                            var included = ToArray(Expand(active, null, value, baseUrl));
                            if (included.Any(i => i is not JsonObject o || o.ContainsKey("@value") || o.ContainsKey("@list")))
                            {
                                throw new JsonLdException("invalid @included value", "@included must hold node objects.");
                            }
                            if (result["@included"] is JsonArray earlier)
                            {
                                var combined = new JsonArray();
                                foreach (var item in earlier.Concat(included).ToList())
                                {
                                    combined.Add(Own(item));
                                }
                                included = combined;
                            }
                            expandedValue = included;
                            break;
                        }
                    case "@value":
                        if (inputType == "@json")
                        {
                            expandedValue = value?.DeepClone() ?? JsonValue.Create((string?)null);
                            result["@value"] = value?.DeepClone();
                            continue;
                        }
                        if (value is JsonObject or JsonArray)
                        {
                            throw new JsonLdException("invalid value object value", "@value must be a string, number, boolean or null.");
                        }
                        result["@value"] = value?.DeepClone();
                        continue;
                    case "@language":
                        if (value?.GetValueKind() != JsonValueKind.String)
                        {
                            throw new JsonLdException("invalid language-tagged string", "@language must be a string.");
                        }
                        expandedValue = value.GetValue<string>().ToLowerInvariant();
                        break;
                    case "@direction":
                        {
                            var direction = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
                            if (direction is not ("ltr" or "rtl"))
                            {
                                throw new JsonLdException("invalid base direction", "@direction must be \"ltr\" or \"rtl\".");
                            }
                            expandedValue = direction;
                            break;
                        }
                    case "@index":
                        if (value?.GetValueKind() != JsonValueKind.String)
                        {
                            throw new JsonLdException("invalid @index value", "@index must be a string.");
                        }
                        expandedValue = value.DeepClone();
                        break;
                    case "@list":
                        if (activeProperty is null or "@graph")
                        {
                            continue;
                        }
                        expandedValue = ToArray(Expand(active, activeProperty, value, baseUrl));
                        break;
                    case "@set":
                        expandedValue = Expand(active, activeProperty, value, baseUrl);
                        break;
                    case "@reverse":
                        ExpandReverse(active, value, result, baseUrl);
                        continue;
                    case "@nest":
                        nests.Add(key);
                        continue;
                    default:
                        if (expandedProperty is "@context" or "@base" or "@vocab" or "@version" or "@protected" or "@propagate" or "@import" or "@container" or "@prefix" or "@first" or "@none")
                        {
                            continue;
                        }
                        continue;
                }
                result[expandedProperty] = Own(expandedValue);
                continue;
            }
            var definition = active.Term(key);
            var container = definition?.Container ?? [];
            if (definition?.TypeMapping == "@json")
            {
                expandedValue = new JsonObject { ["@value"] = value?.DeepClone(), ["@type"] = "@json" };
            }
            else if (container.Contains("@language") && value is JsonObject languageMap)
            {
                expandedValue = ExpandLanguageMap(active, definition!, languageMap);
            }
            else if ((container.Contains("@index") || container.Contains("@type") || container.Contains("@id")) && value is JsonObject indexMap)
            {
                expandedValue = ExpandIndexMap(active, key, definition!, indexMap, baseUrl);
            }
            else
            {
                expandedValue = Expand(active, key, value, baseUrl);
            }
            if (expandedValue is null)
            {
                continue;
            }
            if (container.Contains("@list") && !(expandedValue is JsonObject listObject && listObject.ContainsKey("@list")))
            {
                expandedValue = new JsonObject { ["@list"] = ToArray(expandedValue) };
            }
            if (container.Contains("@graph") && !container.Contains("@id") && !container.Contains("@index"))
            {
                var graphs = new JsonArray();
                foreach (var item in ToArray(expandedValue).ToList())
                {
                    graphs.Add(new JsonObject { ["@graph"] = ToArray(item) });
                }
                expandedValue = graphs;
            }
            if (definition?.Reverse == true)
            {
                var reverseMap = result["@reverse"] as JsonObject ?? [];
                result["@reverse"] = reverseMap;
                foreach (var item in ToArray(expandedValue).ToList())
                {
                    if (item is JsonObject o && (o.ContainsKey("@value") || o.ContainsKey("@list")))
                    {
                        throw new JsonLdException("invalid reverse property value", $"The reverse property {key} cannot hold a value or a list.");
                    }
                    AddValue(reverseMap, expandedProperty, item);
                }
            }
            else
            {
                AddValues(result, expandedProperty, expandedValue);
            }
        }
        foreach (var nestKey in nests.OrderBy(k => k, StringComparer.Ordinal))
        {
            var nestContext = active.Term(nestKey) is { HasLocalContext: true } nestDefinition
                ? contexts.Process(active, nestDefinition.LocalContext, nestDefinition.BaseUrl, overrideProtected: true)
                : active;
            foreach (var nested in AsList(element[nestKey]))
            {
                if (nested is not JsonObject nestedMap || nestedMap.Any(e => contexts.ExpandIri(nestContext, e.Key, vocab: true) == "@value"))
                {
                    throw new JsonLdException("invalid @nest value", "@nest must hold node objects.");
                }
                ExpandObject(nestContext, typeScoped, activeProperty, nestedMap, result, baseUrl, inputType);
            }
        }
    }

    private JsonNode? ExpandId(ActiveContext active, string id)
    {
        var expanded = contexts.ExpandIri(active, id, documentRelative: true);
        if (expanded is null)
        {
            Unsafe("reserved @id value", $"The @id \"{id}\" looks like a keyword.");
            return null;
        }
        if (!Iri.IsAbsolute(expanded))
        {
            Unsafe("relative @id reference", $"The @id \"{id}\" is a relative IRI and there is no base.");
        }
        return expanded;
    }

    private void ExpandReverse(ActiveContext active, JsonNode? value, JsonObject result, string? baseUrl)
    {
        if (value is not JsonObject)
        {
            throw new JsonLdException("invalid @reverse value", "@reverse must be an object.");
        }
        if (Expand(active, "@reverse", value, baseUrl) is not JsonObject expanded)
        {
            return;
        }
        if (expanded["@reverse"] is JsonObject doubleReverse)
        {
            foreach (var (property, items) in doubleReverse.ToList())
            {
                AddValues(result, property, items);
            }
        }
        if (expanded.Any(e => e.Key != "@reverse"))
        {
            var reverseMap = result["@reverse"] as JsonObject ?? [];
            result["@reverse"] = reverseMap;
            foreach (var (property, items) in expanded.Where(e => e.Key != "@reverse").ToList())
            {
                foreach (var item in AsList(items).ToList())
                {
                    if (item is JsonObject o && (o.ContainsKey("@value") || o.ContainsKey("@list")))
                    {
                        throw new JsonLdException("invalid reverse property value", $"The reverse property {property} cannot hold a value or a list.");
                    }
                    AddValue(reverseMap, property, item);
                }
            }
        }
    }

    private JsonArray ExpandLanguageMap(ActiveContext active, TermDefinition definition, JsonObject languageMap)
    {
        var expanded = new JsonArray();
        var direction = definition.HasDirection ? definition.Direction : active.DefaultDirection;
        foreach (var language in languageMap.Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal))
        {
            foreach (var item in AsList(languageMap[language]))
            {
                if (item is null)
                {
                    continue;
                }
                if (item.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid language map value", "A language map can only hold strings.");
                }
                var valueObject = new JsonObject { ["@value"] = item.DeepClone() };
                if (language != "@none" && contexts.ExpandIri(active, language, vocab: true) != "@none")
                {
                    valueObject["@language"] = language.ToLowerInvariant();
                }
                if (direction is not null)
                {
                    valueObject["@direction"] = direction;
                }
                expanded.Add(valueObject);
            }
        }
        return expanded;
    }

    private JsonArray ExpandIndexMap(ActiveContext active, string key, TermDefinition definition, JsonObject indexMap, string? baseUrl)
    {
        var expanded = new JsonArray();
        var indexKey = definition.Index ?? "@index";
        foreach (var index in indexMap.Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal))
        {
            var mapContext = active;
            if (definition.HasContainer("@id") || definition.HasContainer("@type"))
            {
                mapContext = active.PreviousContext ?? active;
            }
            if (definition.HasContainer("@type") && mapContext.Term(index) is { HasLocalContext: true } indexDefinition)
            {
                mapContext = contexts.Process(mapContext, indexDefinition.LocalContext, indexDefinition.BaseUrl);
            }
            else if (!definition.HasContainer("@type") && !definition.HasContainer("@id"))
            {
                mapContext = active;
            }
            var expandedIndex = contexts.ExpandIri(active, index, vocab: true);
            var items = ToArray(Expand(mapContext, key, indexMap[index], baseUrl, fromMap: true));
            foreach (var raw in items.ToList())
            {
                items.Remove(raw);
                var item = raw;
                if (definition.HasContainer("@graph") && !(item is JsonObject g && g.ContainsKey("@graph") && g.All(e => e.Key is "@graph" or "@id" or "@index" or "@context")))
                {
                    item = new JsonObject { ["@graph"] = ToArray(item) };
                }
                var node = item as JsonObject;
                if (definition.HasContainer("@index") && indexKey != "@index" && expandedIndex != "@none")
                {
                    var reExpanded = ExpandValue(active, indexKey, JsonValue.Create(index));
                    var indexProperty = contexts.ExpandIri(active, indexKey, vocab: true)!;
                    if (node is null || node.ContainsKey("@value"))
                    {
                        throw new JsonLdException("invalid value object", $"The index {index} of {key} cannot be put on a value.");
                    }
                    var values = new JsonArray(reExpanded);
                    foreach (var existing in AsList(node[indexProperty]))
                    {
                        values.Add(existing?.DeepClone());
                    }
                    node[indexProperty] = values;
                }
                else if (definition.HasContainer("@index") && node is not null && !node.ContainsKey("@index") && expandedIndex != "@none")
                {
                    node["@index"] = index;
                }
                else if (definition.HasContainer("@id") && node is not null && !node.ContainsKey("@id") && expandedIndex != "@none")
                {
                    node["@id"] = contexts.ExpandIri(active, index, documentRelative: true);
                }
                else if (definition.HasContainer("@type") && node is not null && expandedIndex != "@none")
                {
                    var types = new JsonArray(expandedIndex);
                    foreach (var existing in AsList(node["@type"]))
                    {
                        types.Add(existing?.DeepClone());
                    }
                    node["@type"] = types;
                }
                expanded.Add(item);
            }
        }
        return expanded;
    }

    /// <summary>Value Expansion (§5.3.2).</summary>
    public JsonNode ExpandValue(ActiveContext active, string? activeProperty, JsonNode value)
    {
        var definition = active.Term(activeProperty);
        var isString = value.GetValueKind() == JsonValueKind.String;
        if (definition?.TypeMapping == "@id" && isString)
        {
            var id = contexts.ExpandIri(active, value.GetValue<string>(), documentRelative: true);
            if (id is not null && !Iri.IsAbsolute(id))
            {
                Unsafe("relative @id reference", $"The @id \"{id}\" is a relative IRI and there is no base.");
            }
            return new JsonObject { ["@id"] = id };
        }
        if (definition?.TypeMapping == "@vocab" && isString)
        {
            return new JsonObject { ["@id"] = contexts.ExpandIri(active, value.GetValue<string>(), documentRelative: true, vocab: true) };
        }
        var result = new JsonObject { ["@value"] = value.DeepClone() };
        if (definition?.TypeMapping is { } type && type is not ("@id" or "@vocab" or "@none"))
        {
            result["@type"] = type;
        }
        else if (isString)
        {
            var language = definition?.HasLanguage == true ? definition.Language : active.DefaultLanguage;
            var direction = definition?.HasDirection == true ? definition.Direction : active.DefaultDirection;
            if (language is not null)
            {
                result["@language"] = language;
            }
            if (direction is not null)
            {
                result["@direction"] = direction;
            }
        }
        return result;
    }

    private void Unsafe(string code, string message)
    {
        if (safeMode)
        {
            throw new JsonLdException(code, message);
        }
    }

    private static void AddValues(JsonObject target, string property, JsonNode? values)
    {
        if (!target.ContainsKey(property))
        {
            target[property] = new JsonArray();
        }
        foreach (var item in AsList(values).ToList())
        {
            AddValue(target, property, item);
        }
    }

    private static void AddValue(JsonObject target, string property, JsonNode? item)
    {
        if (target[property] is not JsonArray existing)
        {
            existing = new JsonArray();
            target[property] = existing;
        }
        existing.Add(Own(item));
    }

    internal static IEnumerable<JsonNode?> AsList(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            return array;
        }
        return node is null ? [] : [node];
    }

    private static JsonArray ToArray(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            return array;
        }
        return node is null ? [] : new JsonArray(Own(node));
    }

    /// <summary>A node that may be attached to a new parent: itself when free, else a copy.</summary>
    internal static JsonNode? Own(JsonNode? node) => node is null || node.Parent is null ? node : node.DeepClone();
}
