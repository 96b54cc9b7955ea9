using CtecSkills.Core.Credentials;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>Staff of the base that owns a course set up what its completion earns.</summary>
[Authorize(Policy = Policies.Staff), Route("courses/manage/{slug}/achievements")]
public sealed class AchievementsController(AchievementService achievements, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken ct)
    {
        var course = await achievements.FindAsync(slug, User.BaseActor(), ct);
        return course is null ? NotFound() : View(new AchievementsViewModel(course, null, new AchievementInput { Level = course.Level, AchievementType = "Certificate" }, []));
    }

    [HttpPost("")]
    public Task<IActionResult> Create(string slug, AchievementInput input, CancellationToken ct) => SaveAsync(slug, null, input, ct);

    [HttpPost("{id:int}")]
    public Task<IActionResult> Update(string slug, int id, AchievementInput input, CancellationToken ct) => SaveAsync(slug, id, input, ct);

    private async Task<IActionResult> SaveAsync(string slug, int? id, AchievementInput input, CancellationToken ct)
    {
        var result = await achievements.SaveAsync(slug, id, input, User.BaseActor(), ct);
        if (!result.Found)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            var course = await achievements.FindAsync(slug, User.BaseActor(), ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), new AchievementsViewModel(course!, id, input, result.Problems));
        }
        TempData["notice"] = text["Achievements.Saved"].Value;
        return Redirect($"/courses/manage/{slug}/achievements");
    }
}

/// <summary>The course's achievements; <see cref="EditingId"/> names the one the form with problems belongs to (null: the new one).</summary>
public sealed record AchievementsViewModel(CourseAchievements Course, int? EditingId, AchievementInput Input, IReadOnlyList<AchievementProblem> Problems);
