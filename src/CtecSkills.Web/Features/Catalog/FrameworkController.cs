using CtecSkills.Core.Catalog;
using CtecSkills.Core.Credentials;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Catalog;

/// <summary>
/// The pages the credentials' alignment URLs name (<see cref="SkillsFramework"/>): one framework category or level, what
/// it means, and the published courses in it. Public, like the catalogue.
/// </summary>
[Route("framework")]
public sealed class FrameworkController(CatalogService catalog) : Controller
{
    [HttpGet("categories/{name}")]
    public async Task<IActionResult> Category(string name, CancellationToken ct)
    {
        if (!Enum.TryParse(name, ignoreCase: false, out CourseCategory category) || !Enum.IsDefined(category) || int.TryParse(name, out _))
        {
            return NotFound();
        }
        var courses = await catalog.ListAsync(new CatalogFilter(null, category), null, ct);
        return View("Node", new FrameworkNodeViewModel("Framework.Category", SkillsFramework.CategoryName(category), courses));
    }

    [HttpGet("levels/{name}")]
    public async Task<IActionResult> Level(string name, CancellationToken ct)
    {
        if (!Enum.TryParse(name, ignoreCase: false, out CourseLevel level) || !Enum.IsDefined(level) || int.TryParse(name, out _))
        {
            return NotFound();
        }
        var courses = (await catalog.ListAsync(new CatalogFilter(null, null), null, ct)).Where(c => c.Level == level).ToList();
        return View("Node", new FrameworkNodeViewModel("Framework.Level", SkillsFramework.LevelName(level), courses));
    }
}

/// <summary>One node of the skills framework: whether it is a category or a level (a resource key), its name, its courses.</summary>
public sealed record FrameworkNodeViewModel(string KindKey, string Name, IReadOnlyList<CourseCard> Courses);
