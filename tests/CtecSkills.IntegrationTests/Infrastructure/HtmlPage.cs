using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>A page as the browser received it: status, address, and the parsed document.</summary>
public sealed partial class HtmlPage
{
    private static readonly HtmlParser Parser = new();

    private HtmlPage(HttpStatusCode status, Uri url, string html)
    {
        Status = status;
        Url = url;
        Html = html;
        Document = Parser.ParseDocument(html);
    }

    public HttpStatusCode Status { get; }

    public Uri Url { get; }

    public string Path => Url.AbsolutePath;

    public string Html { get; }

    public IHtmlDocument Document { get; }

    /// <summary>The visible text with runs of whitespace collapsed, which is what a person reads.</summary>
    public string Text => Whitespace().Replace(Document.Body?.TextContent ?? "", " ").Trim();

    public string Heading => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";

    public static async Task<HtmlPage> LoadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new HtmlPage(response.StatusCode, response.RequestMessage!.RequestUri!, html);
    }

    /// <summary>The form that posts to <paramref name="action"/>; fails the test when the page has none.</summary>
    public HtmlForm Form(string action)
    {
        var form = Document.QuerySelectorAll<IHtmlFormElement>("form")
            .FirstOrDefault(f => string.Equals(f.GetAttribute("action"), action, StringComparison.OrdinalIgnoreCase));
        Assert.True(form is not null, $"{Path} has no form posting to {action}. Page text: {Text}");
        return HtmlForm.From(form);
    }

    public bool HasField(string name) => Document.QuerySelector($"[name='{name}']") is not null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
