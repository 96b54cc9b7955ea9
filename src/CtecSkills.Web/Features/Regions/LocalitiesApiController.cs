using CtecSkills.Core.Regions;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Regions;

/// <summary>Open reference data: the localities of the economic circle, with tier and current population.</summary>
// No class-level [Produces]: it would overwrite the application/problem+json content type of error responses.
[ApiController, Route("api/v1/localities")]
public sealed class LocalitiesApiController(LocalityService localities, PopulationReferenceService population) : ControllerBase
{
    [HttpGet("")]
    [ProducesResponseType<IReadOnlyList<LocalityDto>>(StatusCodes.Status200OK, "application/json")]
    public async Task<IReadOnlyList<LocalityDto>> List(CancellationToken ct)
    {
        var figures = await FiguresAsync(ct);
        return (await localities.ListAsync(ct)).Select(l => LocalityDto.From(l, figures)).ToList();
    }

    [HttpGet("{code}")]
    [ProducesResponseType<LocalityDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(string code, CancellationToken ct)
    {
        var locality = await localities.FindAsync(code, ct);
        return locality is null
            ? Problem(statusCode: StatusCodes.Status404NotFound, title: "Locality not found", detail: $"No locality has the code '{code}'.")
            : Ok(LocalityDto.From(locality, await FiguresAsync(ct)));
    }

    private async Task<ILookup<string, PopulationFigure>> FiguresAsync(CancellationToken ct) =>
        ((await population.GetCurrentAsync(ct))?.Figures ?? []).ToLookup(f => f.LocalityCode);
}

public sealed record LocalityDto(string Code, string Province, string Name, string NameEn, string Kind, string Tier, long? UrbanPopulation, long? RuralPopulation)
{
    public static LocalityDto From(Locality l, ILookup<string, PopulationFigure> figures) => new(
        l.Code, l.ProvinceName, l.Name, l.NameEn, l.Kind.ToString().ToLowerInvariant(), l.Tier.ToString().ToLowerInvariant(),
        figures[l.Code].FirstOrDefault(f => f.Area == Area.Urban)?.Population,
        figures[l.Code].FirstOrDefault(f => f.Area == Area.Rural)?.Population);
}
