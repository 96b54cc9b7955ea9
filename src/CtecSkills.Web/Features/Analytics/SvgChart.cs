using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace CtecSkills.Web.Features.Analytics;

/// <summary>One labelled row of a chart's data: a category and one value per series (null = not published).</summary>
public sealed record ChartRow(string Label, IReadOnlyList<double?> Values, string? Group = null);

public sealed record SvgBar(double X, double Y, double Width, double Height, int Series, string Tooltip);

public sealed record SvgLabel(double X, double Y, string Text, string CssClass);

/// <summary>
/// A chart drawn on the server as SVG shapes (no script, no inline style: colours come from the stylesheet by series
/// class), with the title, description and data table that go with it for screen readers and for checking.
/// </summary>
public sealed record SvgChart(
    string Id,
    string Title,
    string Description,
    double Width,
    double Height,
    IReadOnlyList<string> Series,
    string CategoryHeader,
    IReadOnlyList<ChartRow> Rows,
    IReadOnlyList<SvgBar> Bars,
    IReadOnlyList<SvgLabel> Labels,
    string Format)
{
    private const double Left = 150;
    private const double Right = 60;
    private const double RowHeight = 22;
    private const double Top = 10;
    private const double ColumnWidth = 84;
    private const double PlotHeight = 220;

    public string Text(double? value) => value?.ToString(Format, CultureInfo.CurrentCulture) ?? "—";

    /// <summary>Vertical columns, the series of each row stacked (e.g. the parts of a Theil index per release).</summary>
    public static SvgChart StackedColumns(string id, string title, string description, string categoryHeader, IReadOnlyList<string> series, IReadOnlyList<ChartRow> rows, string format)
    {
        var max = rows.Select(r => r.Values.Sum(v => v ?? 0)).DefaultIfEmpty(0).Max();
        var scale = max > 0 ? PlotHeight / max : 0;
        var bars = new List<SvgBar>();
        var labels = new List<SvgLabel>();
        for (var i = 0; i < rows.Count; i++)
        {
            var x = 50 + (i * ColumnWidth);
            var y = Top + PlotHeight;
            for (var s = 0; s < series.Count; s++)
            {
                var value = rows[i].Values[s] ?? 0;
                var h = value * scale;
                y -= h;
                bars.Add(new(x, y, ColumnWidth - 12, h, s, $"{rows[i].Label} · {series[s]}: {value.ToString(format, CultureInfo.CurrentCulture)}"));
            }
            labels.Add(new(x + ((ColumnWidth - 12) / 2), Top + PlotHeight + 16, rows[i].Label, "axis middle"));
        }
        labels.Add(new(44, Top + 10, max.ToString(format, CultureInfo.CurrentCulture), "axis end"));
        labels.Add(new(44, Top + PlotHeight, "0", "axis end"));
        var width = Math.Max(320, 60 + (rows.Count * ColumnWidth));
        return new(id, title, description, width, Top + PlotHeight + 30, series, categoryHeader, rows, bars, labels, format);
    }

    /// <summary>Horizontal bars, one band per row and one bar per series (e.g. urban and rural side by side).</summary>
    public static SvgChart HorizontalBars(string id, string title, string description, string categoryHeader, IReadOnlyList<string> series, IReadOnlyList<ChartRow> rows, string format)
    {
        const double plotWidth = 400;
        var max = rows.SelectMany(r => r.Values).Max(v => v ?? 0);
        var scale = max > 0 ? plotWidth / max : 0;
        var band = RowHeight * series.Count;
        var bars = new List<SvgBar>();
        var labels = new List<SvgLabel>();
        var y = Top;
        string? group = null;
        foreach (var row in rows)
        {
            if (row.Group is not null && row.Group != group)
            {
                group = row.Group;
                labels.Add(new(4, y + 14, group, "axis group"));
                y += RowHeight;
            }
            labels.Add(new(Left - 6, y + (band / 2) + 5, row.Label, "axis end"));
            for (var s = 0; s < series.Count; s++)
            {
                var value = row.Values[s];
                var w = (value ?? 0) * scale;
                var top = y + (s * RowHeight) + 3;
                bars.Add(new(Left, top, w, RowHeight - 6, s, $"{row.Label} · {series[s]}: {value?.ToString(format, CultureInfo.CurrentCulture) ?? "—"}"));
                labels.Add(new(Left + w + 4, top + RowHeight - 10, value?.ToString(format, CultureInfo.CurrentCulture) ?? "—", "axis"));
            }
            y += band + 4;
        }
        return new(id, title, description, Left + plotWidth + Right, y + Top, series, categoryHeader, rows, bars, labels, format);
    }

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    // Razor reads <text> in a code block as its own tag, so the SVG text element is written here, encoded.
    public static IHtmlContent TextElement(SvgLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new HtmlString($"<text class=\"{Encoder.Encode(label.CssClass)}\" x=\"{Number(label.X)}\" y=\"{Number(label.Y)}\">{Encoder.Encode(label.Text)}</text>");
    }

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
