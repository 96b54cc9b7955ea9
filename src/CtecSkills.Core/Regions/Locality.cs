namespace CtecSkills.Core.Regions;

public enum LocalityKind
{
    City,
    District,
    County,
}

/// <summary>Core = Chengdu and Chongqing's central districts; Regional = named regional centres; County = the rest.</summary>
public enum LocalityTier
{
    Core,
    Regional,
    County,
}

public enum Area
{
    Urban,
    Rural,
}

/// <summary>A city of Sichuan or a district/county of Chongqing inside the economic circle (GB/T 2260 code).</summary>
public sealed class Locality
{
    public required string Code { get; set; }
    public required string ProvinceCode { get; set; }
    public required string ProvinceName { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public LocalityKind Kind { get; set; }
    public LocalityTier Tier { get; set; }

    /// <summary>"full", or which parts lie outside the circle.</summary>
    public string Coverage { get; set; } = "full";
}

/// <summary>A set of population figures per locality × urban/rural, with where they came from.</summary>
public sealed class PopulationReference
{
    public int Id { get; set; }
    public required string Source { get; set; }
    public int Year { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public string? ImportedBy { get; set; }

    /// <summary>Exactly one reference is current; older ones stay so that past index releases can be reproduced.</summary>
    public bool IsCurrent { get; set; }

    public List<PopulationFigure> Figures { get; } = [];
}

public sealed class PopulationFigure
{
    public long Id { get; set; }
    public int PopulationReferenceId { get; set; }
    public required string LocalityCode { get; set; }
    public Area Area { get; set; }
    public long Population { get; set; }
}
