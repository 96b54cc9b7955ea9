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
        Assert.Contains("<h2>开机</h2>", _renderer.Render("c", "lessons/01.md", "先说几句。\n\n# 开机"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LeadingHeadingThatIsTheTitle_IsLeftToThePageHeading()
    {
        var html = _renderer.Render("c", "lessons/01.md", "# 开机和关机\n\n## 先认识按键\n\n长按电源键。", title: "开机和关机");

        Assert.DoesNotContain("开机和关机", html, StringComparison.Ordinal);
        Assert.StartsWith("<h2>先认识按键</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HeadingsThatSkipALevel_FollowOneAnotherWithoutGaps()
    {
        var html = _renderer.Render("c", "lessons/01.md", "### 先认识按键\n\n##### 电源键\n\n### 开机");

        Assert.Equal("<h2>先认识按键</h2>\n<h3>电源键</h3>\n<h2>开机</h2>\n", html);
    }
}

