using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Regions;

namespace CtecSkills.Web.Features.Accounts;

public sealed record ProfileFormViewModel
{
    [Display(Name = "Profile.Name")]
    public string? DisplayName { get; init; }

    [Display(Name = "Profile.Gender")]
    public Gender? Gender { get; init; }

    [Display(Name = "Profile.BirthYear")]
    public int? BirthYear { get; init; }

    [Display(Name = "Profile.Locality")]
    public string? LocalityCode { get; init; }

    [Display(Name = "Profile.Area")]
    public Area? Area { get; init; }

    [Display(Name = "Profile.Group")]
    public LearnerGroup? LearnerGroup { get; init; }

    public IReadOnlyList<Locality> Localities { get; set; } = [];

    public int EarliestBirthYear { get; set; }

    public int LatestBirthYear { get; set; }

    public static ProfileFormViewModel From(ProfileInput p) => new()
    {
        DisplayName = p.DisplayName,
        Gender = p.Gender,
        BirthYear = p.BirthYear,
        LocalityCode = p.LocalityCode,
        Area = p.Area,
        LearnerGroup = p.LearnerGroup,
    };

    public ProfileInput ToInput() => new(DisplayName, Gender, BirthYear, LocalityCode, Area, LearnerGroup);
}
