using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CtecSkills.Core.Catalog;

/// <summary>
/// Lesson Markdown to safe HTML. Raw HTML in the Markdown is shown as text, the output is sanitized once more, and
/// images load only from the course's own media, so a package cannot make a learner's phone fetch anything else.
/// </summary>
public sealed class LessonRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public LessonRenderer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "del", "a", "img", "code", "pre",
                "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "start" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https", "http", "mailto", "tel" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        _sanitizer = new HtmlSanitizer(options);
        _sanitizer.FilterUrl += (_, e) =>
        {
            if (string.Equals(e.Tag.TagName, "img", StringComparison.OrdinalIgnoreCase)
                && (e.OriginalUrl is null || !e.OriginalUrl.StartsWith("/courses/", StringComparison.Ordinal) || e.OriginalUrl.StartsWith("//", StringComparison.Ordinal)))
            {
                e.SanitizedUrl = null;
            }
        };
    }

    /// <param name="slug">The course, whose media the lesson's relative links point to.</param>
    /// <param name="lessonFile">The lesson's path in the package, which relative links start from.</param>
    /// <param name="markdown">The lesson's Markdown source.</param>
    /// <param name="title">The lesson title the page shows as its h1; a leading "# title" saying the same is dropped.</param>
    public string Render(string slug, string lessonFile, string markdown, string? title = null)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        if (title is not null && document.Count > 0 && document[0] is HeadingBlock { Level: 1 } first
            && string.Equals(PlainText(first), title.Trim(), StringComparison.Ordinal))
        {
            document.Remove(first);
        }
        NestUnderPageTitle(document.Descendants<HeadingBlock>().ToList());
        foreach (var link in document.Descendants<LinkInline>())
        {
            var media = LessonLinks.ResolveMedia(lessonFile, link.Url);
            if (media is not null)
            {
                link.Url = LessonLinks.MediaUrl(slug, media);
            }
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return _sanitizer.Sanitize(writer.ToString());
    }

    // The page's own h1 is the lesson title, so the lesson's top headings become h2 whatever level the author used,
    // and no level is skipped on the way down (screen-reader users jump by heading level; h1 then h3 loses them).
    private static void NestUnderPageTitle(List<HeadingBlock> headings)
    {
        if (headings.Count == 0)
        {
            return;
        }
        var shift = 2 - headings.Min(h => h.Level);
        var previous = 1;
        foreach (var heading in headings)
        {
            heading.Level = Math.Min(Math.Min(6, heading.Level + shift), previous + 1);
            previous = heading.Level;
        }
    }

    private static string PlainText(HeadingBlock heading) =>
        string.Concat(heading.Inline?.Descendants<LiteralInline>().Select(l => l.Content.ToString()) ?? []).Trim();
}
