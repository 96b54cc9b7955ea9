using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>
/// The fields a browser would send for a form, starting from what the page rendered (including the
/// anti-forgery token); tests change only what a person would type or tick.
/// </summary>
public sealed class HtmlForm
{
    public const string TokenField = "__RequestVerificationToken";

    private readonly List<KeyValuePair<string, string>> _fields = [];
    private readonly Dictionary<string, string> _checkboxes = new(StringComparer.Ordinal);

    private HtmlForm(string action) => Action = action;

    public string Action { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public string? this[string name] => _fields.FirstOrDefault(f => f.Key == name).Value;

    public static HtmlForm From(IHtmlFormElement element)
    {
        var form = new HtmlForm(element.GetAttribute("action") ?? "");
        foreach (var input in element.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            switch (input.Type)
            {
                case "checkbox" or "radio":
                    form._checkboxes[input.Name!] = input.Value;
                    if (input.IsChecked)
                    {
                        form._fields.Add(new(input.Name!, input.Value));
                    }
                    break;
                case "file" or "submit" or "button":
                    break;
                default:
                    form._fields.Add(new(input.Name!, input.Value));
                    break;
            }
        }
        foreach (var select in element.QuerySelectorAll<IHtmlSelectElement>("select[name]"))
        {
            var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
            form._fields.Add(new(select.Name!, selected?.Value ?? ""));
        }
        foreach (var area in element.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]"))
        {
            form._fields.Add(new(area.Name!, area.Value));
        }
        return form;
    }

    /// <summary>Types a value, replacing what the field held (hidden fallbacks of checkboxes included).</summary>
    public HtmlForm Set(string name, string value)
    {
        _fields.RemoveAll(f => f.Key == name);
        _fields.Add(new(name, value));
        return this;
    }

    /// <summary>Ticks a checkbox the page shows; fails the test when the page has no such box.</summary>
    public HtmlForm Check(string name)
    {
        Assert.True(_checkboxes.TryGetValue(name, out var value), $"The form posting to {Action} has no checkbox {name}.");
        return Set(name, value);
    }

    /// <summary>The same fields posted somewhere else, as a hand-crafted request would.</summary>
    public HtmlForm RetargetTo(string action)
    {
        var copy = new HtmlForm(action);
        copy._fields.AddRange(_fields);
        foreach (var (name, value) in _checkboxes)
        {
            copy._checkboxes[name] = value;
        }
        return copy;
    }

    /// <summary>Ticks one more of several boxes that share a name, as for a multiple-choice question.</summary>
    public HtmlForm Add(string name, string value)
    {
        _fields.Add(new(name, value));
        return this;
    }

    public HtmlForm Remove(string name)
    {
        _fields.RemoveAll(f => f.Key == name);
        return this;
    }

    public FormUrlEncodedContent ToContent() => new(_fields);

    public MultipartFormDataContent ToMultipart(string fileField, byte[] file, string fileName, string contentType = "text/csv")
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in _fields)
        {
            content.Add(new StringContent(value), key);
        }
        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        content.Add(fileContent, fileField, fileName);
        return content;
    }
}
