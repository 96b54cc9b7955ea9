using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// Context processing, term definitions and IRI expansion (JSON-LD 1.1 API §4.1, §4.2, §5.2), processing mode
/// json-ld-1.1 only. Results of processing a context node on an active context are cached by reference, because a
/// credential switches to the same type-scoped and property-scoped contexts again and again.
/// </summary>
internal sealed partial class ContextProcessor(IJsonLdContextLoader loader, Action<string, string>? warn)
{
    private const int MaxRemoteContexts = 32;

    /// <summary>
    /// Processed contexts by the active context they were applied to. Keys are context URLs or nodes of a document the
    /// loader served (never nodes of the input, which would keep every verified document alive); entries go when their
    /// active context does.
    /// </summary>
    private static readonly ConditionalWeakTable<ActiveContext, ConcurrentDictionary<(object Context, string? BaseUrl, bool Override, bool Propagate, bool Remote), ActiveContext>> Cache = new();

    /// <summary>Documents the loader served: their nodes are shared and never change, so they can be cache keys.</summary>
    private static readonly ConditionalWeakTable<JsonNode, object> Served = new();

    public static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit", "@first", "@graph", "@id",
        "@import", "@included", "@index", "@json", "@language", "@list", "@nest", "@none", "@omitDefault", "@prefix",
        "@preserve", "@protected", "@requireAll", "@reverse", "@set", "@type", "@value", "@version", "@vocab",
    };

    [GeneratedRegex("^@[a-zA-Z]+$")]
    private static partial Regex KeywordForm();

    public static bool HasKeywordForm(string value) => KeywordForm().IsMatch(value);

    public static bool IsKeyword(string? value) => value is not null && Keywords.Contains(value);

    /// <summary>Context Processing algorithm (§4.1.2).</summary>
    public ActiveContext Process(
        ActiveContext active,
        JsonNode? localContext,
        string? baseUrl,
        List<string>? remoteContexts = null,
        bool overrideProtected = false,
        bool propagate = true,
        bool validateScopedContext = true)
    {
        if (localContext is JsonArray array)
        {
            // Each entry on its own, so that the common prefix (the VC context, then OB's) is cached entry by entry.
            var folded = active;
            foreach (var entry in array)
            {
                folded = Process(folded, entry, baseUrl, remoteContexts, overrideProtected, propagate, validateScopedContext);
            }
            return folded;
        }
        object? cacheKey = localContext switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonObject map when Served.TryGetValue(map.Root, out _) => map,
            _ => null,
        };
        var cacheable = cacheKey is not null && validateScopedContext;
        var key = (cacheKey!, baseUrl, overrideProtected, propagate, remoteContexts is { Count: > 0 });
        if (cacheable && Cache.TryGetValue(active, out var cached) && cached.TryGetValue(key, out var hit))
        {
            return hit;
        }
        var result = ProcessUncached(active, localContext, baseUrl, remoteContexts ?? [], overrideProtected, propagate, validateScopedContext);
        if (cacheable)
        {
            Cache.GetOrCreateValue(active).TryAdd(key, result);
        }
        return result;
    }

    private ActiveContext ProcessUncached(
        ActiveContext active,
        JsonNode? localContext,
        string? baseUrl,
        List<string> remoteContexts,
        bool overrideProtected,
        bool propagate,
        bool validateScopedContext)
    {
        var result = active.Clone();
        if (localContext is JsonObject withPropagate && withPropagate.TryGetPropertyValue("@propagate", out var propagateValue))
        {
            if (propagateValue?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @propagate value", "@propagate must be true or false.");
            }
            propagate = propagateValue.GetValue<bool>();
        }
        if (!propagate && result.PreviousContext is null)
        {
            result.PreviousContext = active;
        }
        var contexts = localContext is JsonArray array ? array.ToList() : [localContext];
        foreach (var context in contexts)
        {
            if (context is null)
            {
                if (!overrideProtected && result.Terms.Values.Any(t => t.Protected))
                {
                    throw new JsonLdException("invalid context nullification", "A context with protected terms cannot be set to null.");
                }
                var previous = result;
                result = new ActiveContext(active.OriginalBaseUrl);
                if (!propagate)
                {
                    result.PreviousContext = previous;
                }
                continue;
            }
            if (context.GetValueKind() == JsonValueKind.String)
            {
                var url = Iri.Resolve(baseUrl, context.GetValue<string>());
                if (!validateScopedContext && remoteContexts.Contains(url))
                {
                    continue;
                }
                if (remoteContexts.Count >= MaxRemoteContexts)
                {
                    throw new JsonLdException("context overflow", $"Too many remote contexts, or a cycle, at {url}.");
                }
                remoteContexts.Add(url);
                var loaded = LoadContext(url, "invalid remote context");
                result = Process(result, loaded, url, [.. remoteContexts], false, true, validateScopedContext);
                continue;
            }
            if (context is not JsonObject map)
            {
                throw new JsonLdException("invalid local context", "A context must be null, a string or an object.");
            }
            if (map.TryGetPropertyValue("@version", out var version)
                && !(version?.GetValueKind() == JsonValueKind.Number && JsonCanonicalizer.ToDouble(version) == 1.1))
            {
                throw new JsonLdException("invalid @version value", "@version must be 1.1.");
            }
            if (map.TryGetPropertyValue("@import", out var import))
            {
                if (import?.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid @import value", "@import must be a string.");
                }
                var importUrl = Iri.Resolve(baseUrl, import.GetValue<string>());
                var imported = LoadContext(importUrl, "invalid remote context");
                if (imported is not JsonObject importedMap)
                {
                    throw new JsonLdException("invalid remote context", $"The imported context {importUrl} is not an object.");
                }
                if (importedMap.ContainsKey("@import"))
                {
                    throw new JsonLdException("invalid context entry", $"The imported context {importUrl} imports again.");
                }
                var merged = new JsonObject();
                foreach (var (name, value) in importedMap)
                {
                    merged[name] = value?.DeepClone();
                }
                foreach (var (name, value) in map)
                {
                    merged[name] = value?.DeepClone();
                }
                map = merged;
            }
            if (map.TryGetPropertyValue("@base", out var baseValue) && remoteContexts.Count == 0)
            {
                if (baseValue is null)
                {
                    result.BaseIri = null;
                }
                else if (baseValue.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid base IRI", "@base must be a string or null.");
                }
                else
                {
                    var text = baseValue.GetValue<string>();
                    if (Iri.IsAbsolute(text) && !Iri.IsBlankNode(text))
                    {
                        result.BaseIri = text;
                    }
                    else if (result.BaseIri is not null)
                    {
                        result.BaseIri = Iri.Resolve(result.BaseIri, text);
                    }
                    else if (text.Length > 0 && !text.Contains(':', StringComparison.Ordinal))
                    {
                        throw new JsonLdException("invalid base IRI", $"@base {text} is relative and there is no base to resolve it against.");
                    }
                }
            }
            if (map.TryGetPropertyValue("@vocab", out var vocab))
            {
                var text = NullOrString(vocab, "invalid vocab mapping", "@vocab");
                var expanded = text is null ? null : ExpandIri(result, text, documentRelative: true, vocab: true);
                if (text is not null && (expanded is null || !Iri.IsAbsolute(expanded) && !IsKeyword(expanded)))
                {
                    throw new JsonLdException("invalid vocab mapping", $"@vocab {text} is not an IRI.");
                }
                result.Vocab = expanded;
            }
            if (map.TryGetPropertyValue("@language", out var language))
            {
                result.DefaultLanguage = NullOrString(language, "invalid default language", "@language")?.ToLowerInvariant();
            }
            if (map.TryGetPropertyValue("@direction", out var direction))
            {
                result.DefaultDirection = direction is null ? null : ParseDirection(direction);
            }
            if (map.TryGetPropertyValue("@propagate", out var innerPropagate)
                && innerPropagate?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @propagate value", "@propagate must be true or false.");
            }
            var defined = new Dictionary<string, bool>(StringComparer.Ordinal);
            var protectedDefault = false;
            if (map.TryGetPropertyValue("@protected", out var protectedValue))
            {
                if (protectedValue?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new JsonLdException("invalid @protected value", "@protected must be true or false.");
                }
                protectedDefault = protectedValue.GetValue<bool>();
            }
            foreach (var (term, _) in map)
            {
                if (term is "@base" or "@direction" or "@import" or "@language" or "@propagate" or "@protected" or "@version" or "@vocab")
                {
                    continue;
                }
                CreateTermDefinition(result, map, term, defined, baseUrl, protectedDefault, overrideProtected, [.. remoteContexts]);
            }
        }
        return result;
    }

    private static string? NullOrString(JsonNode? value, string code, string keyword) =>
        value is null ? null
        : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
        : throw new JsonLdException(code, $"{keyword} must be a string or null.");

    private static string ParseDirection(JsonNode direction)
    {
        var text = direction.GetValueKind() == JsonValueKind.String ? direction.GetValue<string>() : null;
        return text is "ltr" or "rtl"
            ? text
            : throw new JsonLdException("invalid base direction", "@direction must be \"ltr\", \"rtl\" or null.");
    }

    private JsonNode? LoadContext(string url, string invalidCode)
    {
        JsonNode document;
        try
        {
            document = loader.LoadContextDocument(url);
            Served.TryAdd(document, document);
        }
        catch (JsonLdException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException)
        {
            throw new JsonLdException("loading remote context failed", $"The context {url} could not be loaded: {e.Message}");
        }
        if (document is not JsonObject map || !map.TryGetPropertyValue("@context", out var context))
        {
            throw new JsonLdException(invalidCode, $"The document at {url} has no @context.");
        }
        return context;
    }

    /// <summary>Create Term Definition algorithm (§4.2.2).</summary>
    private void CreateTermDefinition(
        ActiveContext active,
        JsonObject local,
        string term,
        Dictionary<string, bool> defined,
        string? baseUrl,
        bool protectedDefault,
        bool overrideProtected,
        List<string> remoteContexts)
    {
        if (defined.TryGetValue(term, out var done))
        {
            if (done)
            {
                return;
            }
            throw new JsonLdException("cyclic IRI mapping", $"The term {term} is defined in terms of itself.");
        }
        if (term.Length == 0)
        {
            throw new JsonLdException("invalid term definition", "A term cannot be the empty string.");
        }
        defined[term] = false;
        var value = local[term];
        if (term == "@type" && value is JsonObject typeMap && typeMap.Count > 0
            && typeMap.All(e => e.Key is "@container" or "@protected")
            && (!typeMap.TryGetPropertyValue("@container", out var typeContainer) || typeContainer?.GetValueKind() == JsonValueKind.String && typeContainer.GetValue<string>() == "@set"))
        {
            // JSON-LD 1.1 allows @type to be given @container @set and @protected only.
        }
        else if (IsKeyword(term))
        {
            throw new JsonLdException("keyword redefinition", $"The keyword {term} cannot be redefined.");
        }
        if (HasKeywordForm(term) && !IsKeyword(term))
        {
            warn?.Invoke("reserved term", $"The term {term} looks like a keyword and is ignored.");
            defined[term] = true;
            return;
        }
        active.Terms.Remove(term, out var previous);
        bool simpleTerm;
        JsonObject map;
        if (value is null)
        {
            simpleTerm = false;
            map = new JsonObject { ["@id"] = null };
        }
        else if (value.GetValueKind() == JsonValueKind.String)
        {
            simpleTerm = true;
            map = new JsonObject { ["@id"] = value.GetValue<string>() };
        }
        else if (value is JsonObject given)
        {
            simpleTerm = false;
            map = given;
        }
        else
        {
            throw new JsonLdException("invalid term definition", $"The definition of {term} must be a string, an object or null.");
        }
        var definition = new TermDefinition
        {
            Protected = protectedDefault || local["@protected"]?.GetValueKind() == JsonValueKind.True,
        };
        if (map.TryGetPropertyValue("@protected", out var protectedValue))
        {
            if (protectedValue?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @protected value", $"@protected of {term} must be true or false.");
            }
            definition.Protected = protectedValue.GetValue<bool>();
        }
        if (map.TryGetPropertyValue("@type", out var type))
        {
            if (type?.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid type mapping", $"@type of {term} must be a string.");
            }
            var expandedType = ExpandIri(active, type.GetValue<string>(), vocab: true, local: local, defined: defined);
            if (expandedType is not ("@id" or "@json" or "@none" or "@vocab") && (expandedType is null || !Iri.IsAbsolute(expandedType) || Iri.IsBlankNode(expandedType)))
            {
                throw new JsonLdException("invalid type mapping", $"@type of {term} is not an IRI: {type.GetValue<string>()}.");
            }
            definition.TypeMapping = expandedType;
        }
        if (map.TryGetPropertyValue("@reverse", out var reverse))
        {
            if (map.ContainsKey("@id") || map.ContainsKey("@nest"))
            {
                throw new JsonLdException("invalid reverse property", $"The reverse term {term} cannot have @id or @nest.");
            }
            if (reverse?.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid IRI mapping", $"@reverse of {term} must be a string.");
            }
            var reverseText = reverse.GetValue<string>();
            if (HasKeywordForm(reverseText))
            {
                warn?.Invoke("reserved @reverse value", $"@reverse of {term} looks like a keyword and is ignored.");
                defined.Remove(term);
                return;
            }
            var reverseIri = ExpandIri(active, reverseText, vocab: true, local: local, defined: defined);
            if (reverseIri is null || !Iri.IsAbsolute(reverseIri))
            {
                throw new JsonLdException("invalid IRI mapping", $"@reverse of {term} is not an IRI.");
            }
            definition.IriMapping = reverseIri;
            if (map.TryGetPropertyValue("@container", out var reverseContainer))
            {
                var text = reverseContainer?.GetValueKind() == JsonValueKind.String ? reverseContainer.GetValue<string>() : null;
                if (reverseContainer is not null && text is not ("@set" or "@index"))
                {
                    throw new JsonLdException("invalid reverse property", $"The reverse term {term} can only have an @set or @index container.");
                }
                definition.Container = text is null ? [] : [text];
            }
            if (map.TryGetPropertyValue("@index", out var reverseIndex))
            {
                definition.Index = ParseIndex(active, term, definition, reverseIndex);
            }
            definition.Reverse = true;
            active.Terms[term] = definition;
            defined[term] = true;
            return;
        }
        if (map.TryGetPropertyValue("@id", out var id) && !(id?.GetValueKind() == JsonValueKind.String && id.GetValue<string>() == term))
        {
            if (id is null)
            {
                definition.IriMapping = null;
            }
            else
            {
                if (id.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid IRI mapping", $"@id of {term} must be a string.");
                }
                var idText = id.GetValue<string>();
                if (!IsKeyword(idText) && HasKeywordForm(idText))
                {
                    warn?.Invoke("reserved @id value", $"@id of {term} looks like a keyword and is ignored.");
                    defined.Remove(term);
                    return;
                }
                var iri = ExpandIri(active, idText, vocab: true, local: local, defined: defined);
                if (iri is null || !IsKeyword(iri) && !Iri.IsAbsolute(iri))
                {
                    throw new JsonLdException("invalid IRI mapping", $"@id of {term} is not an IRI: {idText}.");
                }
                if (iri == "@context")
                {
                    throw new JsonLdException("invalid keyword alias", $"{term} cannot alias @context.");
                }
                definition.IriMapping = iri;
                var colon = term.IndexOf(':', 1);
                if (colon > 0 && colon < term.Length - 1 || term.Contains('/', StringComparison.Ordinal))
                {
                    defined[term] = true;
                    var termIri = ExpandIri(active, term, vocab: true, local: local, defined: defined);
                    if (termIri != iri)
                    {
                        throw new JsonLdException("invalid IRI mapping", $"The term {term} looks like an IRI but maps to another IRI.");
                    }
                }
                if (!term.Contains(':', StringComparison.Ordinal) && !term.Contains('/', StringComparison.Ordinal) && simpleTerm
                    && (iri.Length > 0 && ":/?#[]@".Contains(iri[^1], StringComparison.Ordinal) || Iri.IsBlankNode(iri)))
                {
                    definition.Prefix = true;
                }
            }
        }
        else if (term.IndexOf(':', 1) > 0)
        {
            var colon = term.IndexOf(':', 1);
            var prefix = term[..colon];
            var suffix = term[(colon + 1)..];
            if (local.ContainsKey(prefix))
            {
                CreateTermDefinition(active, local, prefix, defined, baseUrl, protectedDefault, overrideProtected, remoteContexts);
            }
            definition.IriMapping = active.Term(prefix) is { IriMapping: { } prefixIri } ? prefixIri + suffix : term;
        }
        else if (term.Contains('/', StringComparison.Ordinal))
        {
            var iri = ExpandIri(active, term, vocab: true);
            if (iri is null || !Iri.IsAbsolute(iri))
            {
                throw new JsonLdException("invalid IRI mapping", $"The term {term} is not an IRI.");
            }
            definition.IriMapping = iri;
        }
        else if (term == "@type")
        {
            definition.IriMapping = "@type";
        }
        else if (active.Vocab is null)
        {
            throw new JsonLdException("invalid IRI mapping", $"The term {term} has no IRI and there is no @vocab.");
        }
        else
        {
            definition.IriMapping = active.Vocab + term;
        }
        if (map.TryGetPropertyValue("@container", out var container))
        {
            definition.Container = ParseContainer(term, container);
            if (definition.HasContainer("@type"))
            {
                definition.TypeMapping ??= "@id";
                if (definition.TypeMapping is not ("@id" or "@vocab"))
                {
                    throw new JsonLdException("invalid type mapping", $"The @type container of {term} needs an @id or @vocab type.");
                }
            }
        }
        if (map.TryGetPropertyValue("@index", out var index))
        {
            definition.Index = ParseIndex(active, term, definition, index);
        }
        if (map.TryGetPropertyValue("@context", out var scoped))
        {
            try
            {
                Process(active, scoped, baseUrl, [.. remoteContexts], overrideProtected: true, validateScopedContext: false);
            }
            catch (JsonLdException e) when (e.Code is not "loading remote context failed")
            {
                throw new JsonLdException("invalid scoped context", $"The scoped context of {term} is invalid: {e.Message}");
            }
            definition.LocalContext = scoped;
            definition.HasLocalContext = true;
            definition.BaseUrl = baseUrl;
        }
        if (map.TryGetPropertyValue("@language", out var language) && !map.ContainsKey("@type"))
        {
            if (language is not null && language.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid language mapping", $"@language of {term} must be a string or null.");
            }
            definition.HasLanguage = true;
            definition.Language = language?.GetValue<string>().ToLowerInvariant();
        }
        if (map.TryGetPropertyValue("@direction", out var direction) && !map.ContainsKey("@type"))
        {
            definition.HasDirection = true;
            definition.Direction = direction is null ? null : ParseDirection(direction);
        }
        if (map.TryGetPropertyValue("@nest", out var nest))
        {
            var nestText = nest?.GetValueKind() == JsonValueKind.String ? nest.GetValue<string>() : null;
            if (nestText is null || IsKeyword(nestText) && nestText != "@nest")
            {
                throw new JsonLdException("invalid @nest value", $"@nest of {term} must be a term or @nest.");
            }
            definition.Nest = nestText;
        }
        if (map.TryGetPropertyValue("@prefix", out var prefixValue))
        {
            if (term.Contains(':', StringComparison.Ordinal) || term.Contains('/', StringComparison.Ordinal))
            {
                throw new JsonLdException("invalid term definition", $"{term} cannot be a prefix.");
            }
            if (prefixValue?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @prefix value", $"@prefix of {term} must be true or false.");
            }
            definition.Prefix = prefixValue.GetValue<bool>();
            if (definition.Prefix && IsKeyword(definition.IriMapping))
            {
                throw new JsonLdException("invalid term definition", $"The keyword alias {term} cannot be a prefix.");
            }
        }
        foreach (var (entry, _) in map)
        {
            if (entry is not ("@id" or "@reverse" or "@container" or "@context" or "@direction" or "@index" or "@language" or "@nest" or "@prefix" or "@protected" or "@type"))
            {
                throw new JsonLdException("invalid term definition", $"The definition of {term} has an unknown entry {entry}.");
            }
        }
        if (!overrideProtected && previous is { Protected: true })
        {
            if (!definition.SameAs(previous))
            {
                throw new JsonLdException("protected term redefinition", $"The protected term {term} cannot be redefined.");
            }
            definition = previous;
        }
        active.Terms[term] = definition;
        defined[term] = true;
    }

    private string ParseIndex(ActiveContext active, string term, TermDefinition definition, JsonNode? index)
    {
        if (!definition.HasContainer("@index") || index?.GetValueKind() != JsonValueKind.String)
        {
            throw new JsonLdException("invalid term definition", $"@index of {term} needs an @index container and a string.");
        }
        var indexText = index.GetValue<string>();
        var indexIri = ExpandIri(active, indexText, vocab: true);
        if (indexIri is null || IsKeyword(indexIri) || !Iri.IsAbsolute(indexIri))
        {
            throw new JsonLdException("invalid term definition", $"@index of {term} is not an IRI.");
        }
        return indexText;
    }

    private static List<string> ParseContainer(string term, JsonNode? container)
    {
        var values = new List<string>();
        foreach (var item in container is JsonArray array ? array.ToList() : [container])
        {
            if (item?.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid container mapping", $"@container of {term} must be strings.");
            }
            values.Add(item.GetValue<string>());
        }
        var known = new[] { "@graph", "@id", "@index", "@language", "@list", "@set", "@type" };
        var valid = values.Count > 0 && values.All(known.Contains) && values.Distinct().Count() == values.Count && (values.Count == 1
            || values.Contains("@set") && !values.Contains("@list") && (values.Count == 2 || values.Contains("@graph") && values.Count == 3 && (values.Contains("@id") || values.Contains("@index")))
            || values.Contains("@graph") && values.Count == 2 && (values.Contains("@id") || values.Contains("@index")));
        if (!valid)
        {
            throw new JsonLdException("invalid container mapping", $"@container of {term} is not a valid combination.");
        }
        return values;
    }

    /// <summary>IRI Expansion algorithm (§5.2.2).</summary>
    public string? ExpandIri(
        ActiveContext active,
        string? value,
        bool documentRelative = false,
        bool vocab = false,
        JsonObject? local = null,
        Dictionary<string, bool>? defined = null)
    {
        if (value is null || IsKeyword(value))
        {
            return value;
        }
        if (HasKeywordForm(value))
        {
            return null;
        }
        if (local is not null && local.ContainsKey(value) && defined is not null && (!defined.TryGetValue(value, out var done) || !done))
        {
            CreateTermDefinition(active, local, value, defined, null, false, false, []);
        }
        var term = active.Term(value);
        if (term is not null && IsKeyword(term.IriMapping))
        {
            return term.IriMapping;
        }
        if (vocab && active.Terms.ContainsKey(value))
        {
            return term!.IriMapping;
        }
        var colon = value.IndexOf(':', 1 < value.Length ? 1 : 0);
        if (colon > 0)
        {
            var prefix = value[..colon];
            var suffix = value[(colon + 1)..];
            if (prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal))
            {
                return value;
            }
            if (local is not null && local.ContainsKey(prefix) && defined is not null && (!defined.TryGetValue(prefix, out var prefixDone) || !prefixDone))
            {
                CreateTermDefinition(active, local, prefix, defined, null, false, false, []);
            }
            if (active.Term(prefix) is { IriMapping: { } prefixIri, Prefix: true })
            {
                return prefixIri + suffix;
            }
            if (Iri.IsAbsolute(value))
            {
                return value;
            }
        }
        if (vocab && active.Vocab is not null)
        {
            return active.Vocab + value;
        }
        if (documentRelative)
        {
            return Iri.Resolve(active.BaseIri, value);
        }
        return value;
    }
}
