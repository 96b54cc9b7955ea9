using CtecSkills.Core.Text;

namespace CtecSkills.UnitTests.Text;

public sealed class QrCodesTests
{
    [Fact]
    public void Svg_WithLabel_IsAnImageNamedByTheLabelEscaped()
    {
        var svg = QrCodes.Svg("https://example.test/checkin/1", "用手机扫码签到 <\"&>");

        Assert.Contains("role=\"img\" aria-label=\"用手机扫码签到 &lt;&quot;&amp;&gt;\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Svg_WithoutLabel_HasNoName()
    {
        Assert.DoesNotContain("aria-label", QrCodes.Svg("https://example.test/verify/ABC"), StringComparison.Ordinal);
    }
}
