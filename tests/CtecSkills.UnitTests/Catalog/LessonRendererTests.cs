using CtecSkills.Core.Catalog;

namespace CtecSkills.UnitTests.Catalog;

public sealed class LessonRendererTests
{
    private readonly LessonRenderer _renderer = new();

    [Fact]
    public void Render_RawHtmlAndScript_AreShownAsTextNotTags()
    {
        var html = _renderer.Render("c", "lessons/01.md", "你好<script>alert(1)</script><img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_JavascriptLink_LosesItsHref()
    {
        var html = _renderer.Render("c", "lessons/01.md", "[点我](javascript:alert(1))");

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_RelativeMediaImage_PointsAtTheCourseMedia()
    {
        var html = _renderer.Render("phone", "lessons/01.md", "![电源键](../media/power key.png)".Replace(" key", "-key", StringComparison.Ordinal));

        Assert.Contains("src=\"/courses/phone/media/power-key.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ImageFromAnotherSite_HasNoSource()
    {
        var html = _renderer.Render("phone", "lessons/01.md", "![广告](https://tracker.example/pixel.png)");

        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Heading_StartsBelowThePageTitle()
    {
        Assert.StartsWith("<h2>", _renderer.Render("c", "lessons/01.md", "# 开机"), StringComparison.Ordinal);
    }
}
