using CtecSkills.Core.Accounts;
using CtecSkills.Core.Regions;

namespace CtecSkills.Core.Organizations;

public enum TrainingBaseKind
{
    /// <summary>校企共建实训基地</summary>
    JointBase,

    /// <summary>职业院校</summary>
    VocationalSchool,

    /// <summary>企业</summary>
    Enterprise,
}

/// <summary>A training base (实训基地) that runs cohorts and, later, issues credentials.</summary>
public sealed class TrainingBase
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public TrainingBaseKind Kind { get; set; }
    public required string LocalityCode { get; set; }
    public Locality? Locality { get; set; }
    public required string Address { get; set; }
    public required string ContactName { get; set; }
    public required string ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<BaseMembership> Members { get; } = [];
}

/// <summary>Staff belong to one or more bases and see only those bases' data.</summary>
public sealed class BaseMembership
{
    public int TrainingBaseId { get; set; }
    public TrainingBase? TrainingBase { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
}

public enum OrganizationKind
{
    /// <summary>用人单位</summary>
    Employer,

    /// <summary>人力资源和社会保障部门</summary>
    HrBureau,
}

/// <summary>An employer or HR bureau whose verifiers check credentials.</summary>
public sealed class Organization
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public OrganizationKind Kind { get; set; }
    public required string LocalityCode { get; set; }
    public Locality? Locality { get; set; }
    public string? ContactEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
