using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// Keeps the secrets that travel in addresses out of every log event (docs/decisions/0023): a share link's token
/// (<c>/p/{token}</c>), a wallet offer's token (<c>/api/v1/exchanges/{token}</c>), and every query value (the check-in token <c>t</c> and pass <c>p</c>, a password-reset
/// <c>user</c> and <c>token</c>, a sign-in <c>ReturnUrl</c> that carries a pass). Applied to every string property,
/// wherever it comes from: the request log line, ASP.NET Core's request scope (<c>RequestPath</c> on every event of a
/// request) and its hosting messages, our own messages. Last in the pipeline, so no later enricher adds one back.
/// </summary>
public sealed partial class SecretRedactingEnricher : ILogEventEnricher
{
    public const string Redacted = "[redacted]";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var redacted = Redact(value);
            if (!ReferenceEquals(redacted, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, redacted));
            }
        }
        foreach (var property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The text with share and wallet-offer tokens and query values replaced by <see cref="Redacted"/>; the same instance when there was none.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("/p/", StringComparison.Ordinal) && !text.Contains("/exchanges/", StringComparison.Ordinal)
            && !text.Contains('=', StringComparison.Ordinal))
        {
            return text;
        }
        var redacted = QueryValue().Replace(TokenPath().Replace(text, "$1" + Redacted), "$1" + Redacted);
        return redacted == text ? text : redacted;
    }

    private static LogEventPropertyValue Redact(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                var redacted = Redact(text);
                return ReferenceEquals(redacted, text) ? value : new ScalarValue(redacted);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Redact).ToList();
                return elements.SequenceEqual(sequence.Elements) ? value : new SequenceValue(elements);
            case StructureValue structure:
                var properties = structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value))).ToList();
                return properties.Select(p => p.Value).SequenceEqual(structure.Properties.Select(p => p.Value))
                    ? value
                    : new StructureValue(properties, structure.TypeTag);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(e => KeyValuePair.Create(e.Key, Redact(e.Value))).ToList();
                return entries.Select(e => e.Value).SequenceEqual(dictionary.Elements.Select(e => e.Value))
                    ? value
                    : new DictionaryValue(entries);
            default:
                return value;
        }
    }

    // The token of the share route or the wallet exchange route: everything after /p/ or /api/v1/exchanges/ up to the end of the path.
    [GeneratedRegex(@"(/p/|/api/v1/exchanges/)[^/?#\s""'&]+")]
    private static partial Regex TokenPath();

    // A query parameter's value, raw or inside another address (name=value after ? or &).
    [GeneratedRegex(@"([?&][^=&#?\s""']+=)[^&#\s""']+")]
    private static partial Regex QueryValue();
}
