using System.Globalization;
using System.Text.Json;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Features.Analytics;

/// <summary>
/// Open data: published releases (counts that passed suppression and noise, never facts) as JSON and CSV, and the
/// measures of an analyst's own table. Public on purpose — a release is built to be safe to publish, and an admin has
/// published it; a draft is "not found" here, whoever asks.
/// </summary>
// No class-level [Produces]: it would overwrite the application/problem+json content type of error responses.
[ApiController, Route("api/v1/index")]
public sealed class IndexApiController(IndexReleaseService releases) : ControllerBase
{
    [HttpGet("releases")]
    [ProducesResponseType<IReadOnlyList<ReleaseSummaryDto>>(StatusCodes.Status200OK, "application/json")]
    public async Task<IReadOnlyList<ReleaseSummaryDto>> List(CancellationToken ct) =>
        [.. (await releases.ListAsync(ReleaseScope.Published, ct)).Select(ReleaseSummaryDto.From)];

    [HttpGet("releases/latest")]
    [ProducesResponseType<ReleaseDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Latest(CancellationToken ct) => Found(await releases.ViewAsync(null, ReleaseScope.Published, ct), "latest");

    [HttpGet("releases/{id:int}")]
    [ProducesResponseType<ReleaseDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(int id, CancellationToken ct) =>
        Found(await releases.ViewAsync(id, ReleaseScope.Published, ct), id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The release's cells as CSV (UTF-8 with BOM for Excel); suppressed counts are empty.</summary>
    [HttpGet("releases/{id:int}.csv")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<IActionResult> Csv(int id, CancellationToken ct) => DownloadAsync(id, ReleaseFiles.Csv, ct);

    /// <summary>The same document as <c>GET releases/{id}</c>, as a file to download.</summary>
    [HttpGet("releases/{id:int}.json")]
    [ProducesResponseType<ReleaseDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<IActionResult> Json(int id, CancellationToken ct) => DownloadAsync(id, ReleaseFiles.Json, ct);

    /// <summary>Every measure of a table posted as CSV (columns province, locality, area, population, value).</summary>
    [HttpPost("decompose"), Consumes("text/csv"), IgnoreAntiforgeryToken, EnableRateLimiting(RateLimits.Decompose), RequestSizeLimit(5_000_000)]
    [ProducesResponseType<DecomposeDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> DecomposeCsv(CancellationToken ct) => Decomposed(await releases.DecomposeAsync(Request.Body, ct));

    /// <summary>Every measure of a table posted as a JSON array of rows; a bad row is named by its position (1 = first).</summary>
    [HttpPost("decompose"), Consumes("application/json"), IgnoreAntiforgeryToken, EnableRateLimiting(RateLimits.Decompose), RequestSizeLimit(5_000_000)]
    [ProducesResponseType<DecomposeDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> DecomposeJson([FromBody] IReadOnlyList<DecomposeRowDto> rows, CancellationToken ct) =>
        Decomposed(await releases.DecomposeAsync(rows.Select((r, i) => r.ToRow(i + 1)), ct));

    private IActionResult Decomposed(DecomposeResult result)
    {
        if (result.Report is { } report)
        {
            return Ok(DecomposeDto.From(report, result.Table.Cells.Count));
        }
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The table was refused",
            Detail = string.Join("; ", result.Table.Errors.Select(e => e.Line > 0 ? $"row {e.Line}: {e.Problem} {e.Value}".TrimEnd() : $"{e.Problem} {e.Value}".TrimEnd())),
            Type = "https://ctecskills.cn/problems/bad-index-table",
        };
        problem.Extensions["errors"] = result.Table.Errors.Select(e => new { row = e.Line, problem = e.Problem.ToString(), value = e.Value }).ToList();
        return new ObjectResult(problem) { StatusCode = StatusCodes.Status400BadRequest, ContentTypes = { "application/problem+json" } };
    }

    private async Task<IActionResult> DownloadAsync(int id, Func<ReleaseView, IActionResult> file, CancellationToken ct)
    {
        var view = await releases.ViewAsync(id, ReleaseScope.Published, ct);
        return view is null ? NotFoundProblem(id.ToString(CultureInfo.InvariantCulture)) : file(view);
    }

    private IActionResult Found(ReleaseView? view, string id) => view is null ? NotFoundProblem(id) : Ok(ReleaseDto.From(view));

    private ObjectResult NotFoundProblem(string id) =>
        Problem(statusCode: StatusCodes.Status404NotFound, title: "Release not found", detail: $"No index release '{id}'.");
}

public sealed record DecomposeRowDto(string? Province, string? Locality, string? Area, JsonElement Population, JsonElement Value)
{
    public IndexTableRow ToRow(int line) => new(line, Province ?? "", Locality ?? "", Area ?? "", Text(Population), Text(Value));

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Undefined or JsonValueKind.Null => "",
        _ => e.GetRawText(),
    };
}

public sealed record PeriodDto(string Kind, int Year, int Number, string Label, int FirstMonth, int LastMonth);

public sealed record ReleaseSummaryDto(
    int Id, PeriodDto Period, string Breakdown, int K, double? Epsilon, string Method, DateTimeOffset CreatedAt,
    int FactCount, int UnplacedFactCount, int SyntheticFactCount, string PopulationSource, int PopulationYear)
{
    public static ReleaseSummaryDto From(IndexRelease r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(
            r.Id, new(r.PeriodKind.ToString().ToLowerInvariant(), r.Year, r.PeriodNumber, r.Period.Label, r.FirstMonth, r.LastMonth),
            r.Breakdown.ToString(), r.K, r.Epsilon, r.Method, r.CreatedAt, r.FactCount, r.UnplacedFactCount, r.SyntheticFactCount,
            r.PopulationSource, r.PopulationYear);
    }
}

public sealed record CellDto(
    string Level, string ProvinceCode, string? LocalityCode, string? Area, string? Group, long? Population,
    int? Enrollments, int? Completions, int? Completers, int? CredentialedLearners, int? PriorityCompletions);

public sealed record NestedTheilDto(double? Total, double? BetweenProvinces, double? BetweenLocalitiesWithinProvinces, double? WithinLocalities, string Status)
{
    public static NestedTheilDto From(NestedTheil t) => new(
        t.Total.ValueOrNull, t.BetweenProvinces.ValueOrNull, t.BetweenLocalitiesWithinProvinces.ValueOrNull, t.WithinLocalities.ValueOrNull, t.Total.Status.ToString());
}

public sealed record GroupedTheilDto(double? Total, double? BetweenGroups, double? WithinGroups, IReadOnlyDictionary<string, double?> GroupIndex)
{
    public static GroupedTheilDto? From(GroupedTheil? t) => t is null ? null : new(
        t.Total.ValueOrNull, t.BetweenGroups.ValueOrNull, t.WithinGroups.ValueOrNull, t.Groups.ToDictionary(g => g.Key, g => g.Theil.ValueOrNull));
}

public sealed record CoordinationDto(string First, double FirstScore, string Second, double SecondScore, double Coupling, double Development, double Degree, string Band, string BandZh, string BandEn)
{
    public static CoordinationDto? From(CoordinationPair? p) => p is null ? null : new(
        p.First, p.FirstScore, p.Second, p.SecondScore, p.Result.Coupling, p.Result.Development, p.Result.Degree,
        p.Result.Band.ToString(), CouplingCoordination.ChineseName(p.Result.Band), CouplingCoordination.EnglishName(p.Result.Band));
}

public sealed record IndicatorDto(string ProvinceCode, string Locality, string? Area, long Population, double? CompletionsPer10k, double? CredentialedPer10k, double? CompletionRate, double? PriorityShare, double? CompositeScore);

/// <summary>Every measure of a table of cells (value = completions per 10,000 residents for a release).</summary>
public sealed record MeasuresDto(
    NestedTheilDto TheilT,
    NestedTheilDto TheilL,
    double? CoefficientOfVariation,
    double? Gini,
    GroupedTheilDto? TheilTByTier,
    GroupedTheilDto? TheilLByTier,
    GroupedTheilDto TheilTUrbanRural,
    int CellsUsed,
    int CellsWithheld,
    IReadOnlyList<string> CompositeIndicators,
    IReadOnlyList<double>? CompositeWeights,
    CoordinationDto? ProvinceCoordination,
    CoordinationDto? UrbanRuralCoordination,
    double? UrbanCompletionsPer10k,
    double? RuralCompletionsPer10k,
    IReadOnlyList<IndicatorDto> Localities,
    IReadOnlyList<IndicatorDto> Areas)
{
    public static MeasuresDto From(IndexReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var i = report.Inequality;
        var scores = report.Composite?.Scores.GroupBy(s => s.Locality).ToDictionary(g => g.Key, g => g.First().Score) ?? [];
        IndicatorDto Indicator(CellIndicators c) => new(
            c.ProvinceCode, c.LocalityCode, c.Area is { } a ? PopulationReferenceService.AreaName(a) : null, c.Population,
            c.CompletionsPer10k, c.CredentialedPer10k, c.CompletionRate, c.PriorityShare,
            c.Area is null && scores.TryGetValue(c.LocalityCode, out var s) ? s : null);
        return new(
            NestedTheilDto.From(i.TheilT), NestedTheilDto.From(i.TheilL), i.Summary.CoefficientOfVariation.ValueOrNull, i.Summary.Gini.ValueOrNull,
            GroupedTheilDto.From(i.TierT), GroupedTheilDto.From(i.TierL), GroupedTheilDto.From(i.AreaT)!, i.CellsUsed, i.CellsWithheld,
            report.CompositeIndicators, report.Composite?.Weights, CoordinationDto.From(report.Provinces), CoordinationDto.From(report.UrbanRural),
            report.Gap.Urban, report.Gap.Rural, [.. report.Localities.Select(Indicator)], [.. report.Areas.Select(Indicator)]);
    }
}

public sealed record ReleaseDto(ReleaseSummaryDto Release, MeasuresDto Measures, IReadOnlyList<CellDto> Cells)
{
    public static ReleaseDto From(ReleaseView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(
            ReleaseSummaryDto.From(view.Release),
            MeasuresDto.From(view.Report),
            [.. view.Release.Cells.OrderBy(c => c.Id).Select(c => new CellDto(
                c.Level.ToString().ToLowerInvariant(), c.ProvinceCode, c.LocalityCode, c.Area is { } a ? PopulationReferenceService.AreaName(a) : null,
                c.Group, c.Population, c.Enrollments, c.Completions, c.Completers, c.CredentialedLearners, c.PriorityCompletions))]);
    }
}

public sealed record DecomposeDto(int Rows, MeasuresDto Measures)
{
    public static DecomposeDto From(IndexReport report, int rows) => new(rows, MeasuresDto.From(report));
}
