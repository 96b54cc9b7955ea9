using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Analytics;

/// <summary>What an analyst asks for when building a release on demand.</summary>
public sealed record BuildReleaseInput
{
    public ReleasePeriodKind Kind { get; init; } = ReleasePeriodKind.Month;

    [Required(ErrorMessage = "Validation.Required")]
    [Range(2000, 2100, ErrorMessage = "Validation.Year")]
    [Display(Name = "Index.Year")]
    public int? Year { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(1, 12, ErrorMessage = "Index.PeriodNumberRange")]
    [Display(Name = "Index.PeriodNumber")]
    public int? Number { get; init; }

    public ReleaseBreakdown Breakdown { get; init; } = ReleaseBreakdown.None;

    [Required(ErrorMessage = "Validation.Required")]
    [Range(1, IndexReleaseService.MaxK, ErrorMessage = "Index.KRange")]
    [Display(Name = "Index.K")]
    public int? K { get; init; } = 10;

    public bool AddNoise { get; init; }

    [Range(IndexReleaseService.MinEpsilon, IndexReleaseService.MaxEpsilon, ErrorMessage = "Index.EpsilonRange")]
    [Display(Name = "Index.Epsilon")]
    public double? Epsilon { get; init; } = 1.0;
}

/// <summary>One row of the locality table: names, tier and the indicators, plus the composite score.</summary>
public sealed record LocalityRow(string Province, string Name, string Tier, CellIndicators Indicators, double? Score);

public sealed record CoordinationView(string Title, string First, double FirstScore, string Second, double SecondScore, CouplingCoordinationResult Result, string Band);

public sealed record IndexDashboardViewModel(
    ReleaseView? Current,
    IReadOnlyList<IndexRelease> History,
    IReadOnlyList<SvgChart> Charts,
    IReadOnlyList<LocalityRow> Localities,
    IReadOnlyList<CoordinationView> Coordination,
    BuildReleaseInput Build,
    string? BuildError)
{
    public IndexReleaseCell? Total => Current?.Release.Cells.FirstOrDefault(c => c.Level == CellLevel.Total);

    public static string Number(double? value, string format = "0.00") =>
        value?.ToString(format, CultureInfo.CurrentCulture) ?? "—";

    public static string Percent(double? value) => value is { } v ? v.ToString("P1", CultureInfo.CurrentCulture) : "—";

    public static string Count(int? value) => value is { } v ? v.ToString("N0", CultureInfo.CurrentCulture) : "—";

    public static string Measure(Measure m) => m.ValueOrNull?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "—";

    public static IndexDashboardViewModel From(
        ReleaseView? current, IReadOnlyList<IndexRelease> history, IReadOnlyList<TheilPoint> theil, BuildReleaseInput build, string? buildError, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var charts = new List<SvgChart>();
        if (theil.Count > 0)
        {
            charts.Add(SvgChart.StackedColumns(
                "theil-history", text["Index.ChartTheilTitle"], text["Index.ChartTheilDescription"], text["Index.Release"],
                [text["Index.BetweenProvinces"], text["Index.BetweenLocalities"], text["Index.WithinLocalities"]],
                [.. theil.Select(p => new ChartRow($"{p.Period} #{p.ReleaseId}", [p.TheilT.BetweenProvinces.ValueOrNull, p.TheilT.BetweenLocalitiesWithinProvinces.ValueOrNull, p.TheilT.WithinLocalities.ValueOrNull]))],
                "0.000"));
        }
        var rows = new List<LocalityRow>();
        IReadOnlyList<CoordinationView> coordination = [];
        if (current is { } view)
        {
            var scores = view.Report.Composite?.Scores.ToDictionary(s => s.Locality, s => s.Score) ?? [];
            rows = [.. view.Report.Localities
                .Select(i => (Locality: view.Localities.GetValueOrDefault(i.LocalityCode), Indicators: i))
                .Where(x => x.Locality is not null)
                .OrderBy(x => x.Locality!.ProvinceCode, StringComparer.Ordinal).ThenBy(x => x.Locality!.Tier).ThenByDescending(x => x.Indicators.CompletionsPer10k ?? -1)
                .Select(x => new LocalityRow(x.Locality!.ProvinceName, LocalityName(x.Locality!), text["Index.Tier." + x.Locality!.Tier], x.Indicators, scores.TryGetValue(x.Indicators.LocalityCode, out var s) ? s : null))];
            charts.Add(SvgChart.HorizontalBars(
                "localities", text["Index.ChartLocalitiesTitle"], text["Index.ChartLocalitiesDescription"], text["Index.Locality"],
                [text["Index.CompletionsPer10k"]],
                [.. rows.Select(r => new ChartRow(r.Name, [r.Indicators.CompletionsPer10k], $"{r.Province} · {r.Tier}"))],
                "0.0"));
            var byProvince = view.Report.Areas.Where(a => a.Population > 0 && a.CompletionsPer10k is not null)
                .GroupBy(a => a.ProvinceCode).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ChartRow(
                    view.Localities.Values.FirstOrDefault(l => l.ProvinceCode == g.Key)?.ProvinceName ?? g.Key,
                    [Rate(g.Where(a => a.Area == Area.Urban)), Rate(g.Where(a => a.Area == Area.Rural))]))
                .Append(new ChartRow(text["Index.AllLocalities"], [view.Report.Gap.Urban, view.Report.Gap.Rural]))
                .ToList();
            charts.Add(SvgChart.HorizontalBars(
                "urban-rural", text["Index.ChartGapTitle"], text["Index.ChartGapDescription", Number(view.Report.Gap.Ratio)], text["Index.Province"],
                [text["Index.Urban"], text["Index.Rural"]], byProvince, "0.0"));
            coordination = [.. CoordinationOf(view.Report, text)];
        }
        return new(current, history, charts, rows, coordination, build, buildError);
    }

    /// <summary>D between Sichuan and Chongqing and between urban and rural, with the band in the reader's language.</summary>
    public static IReadOnlyList<CoordinationView> CoordinationOf(IndexReport report, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        var views = new List<CoordinationView>();
        if (report.Provinces is { } p)
        {
            views.Add(new(text["Index.CoordinationProvinces"], p.First, p.FirstScore, p.Second, p.SecondScore, p.Result, CouplingCoordination.Name(p.Result.Band, CultureInfo.CurrentUICulture)));
        }
        if (report.UrbanRural is { } u)
        {
            views.Add(new(text["Index.CoordinationUrbanRural"], text["Index.Urban"], u.FirstScore, text["Index.Rural"], u.SecondScore, u.Result, CouplingCoordination.Name(u.Result.Band, CultureInfo.CurrentUICulture)));
        }
        return views;
    }

    public static string LocalityName(Locality locality)
    {
        ArgumentNullException.ThrowIfNull(locality);
        return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? locality.Name : locality.NameEn;
    }

    // Completions per 10,000 over the published cells of a group: Σ completions / Σ population.
    private static double? Rate(IEnumerable<CellIndicators> cells)
    {
        var list = cells.ToList();
        var population = list.Sum(c => c.Population);
        return population > 0 ? list.Sum(c => c.CompletionsPer10k!.Value * c.Population) / population : null;
    }
}

/// <summary>The analyst's own table: the errors that refused it, or every measure of it.</summary>
public sealed record DecomposeViewModel(DecomposeResult? Result, string? FileError);
