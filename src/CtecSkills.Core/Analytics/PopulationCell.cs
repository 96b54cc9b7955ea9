using CtecSkills.Core.Regions;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// One per-capita value and the population it stands for: <see cref="Value"/> is already per person (per 10,000
/// residents, a rate, a score — any unit, since every measure here is scale-free), <see cref="Weight"/> the population.
/// </summary>
public readonly record struct WeightedValue(double Value, double Weight);

/// <summary>
/// One leaf of the index: a province × locality × urban/rural cell with its population and its per-capita value.
/// <see cref="Value"/> is per capita (e.g. completions per 10,000 residents), not a count; a count must be divided by
/// the population first.
/// </summary>
public sealed record PopulationCell(string Province, string Locality, Area Area, double Population, double Value)
{
    /// <summary>The cell as a per-capita value weighted by its population.</summary>
    public WeightedValue AsWeighted() => new(Value, Population);
}
