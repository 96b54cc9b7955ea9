using System.Globalization;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Progress;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Catalog;

/// <summary>The catalogue learners browse without signing in, lessons, and course quizzes for signed-in people.</summary>
[Route("courses")]
public sealed class CoursesController(
    CatalogService catalog, QuizService quizzes, CohortService cohorts, LearningEventService events, IStringLocalizer<SharedResource> text) : Controller
{
    public const string CohortListKey = "OpenCohorts";
    public const string ReadLessonsKey = "ReadLessons";
    private const int MaxQuestions = 200;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? group, string? category, string? place, CancellationToken ct)
    {
        var myLocality = User.Identity?.IsAuthenticated == true ? await cohorts.FindLearnerLocalityAsync(User.UserId(), ct) : null;
        var places = await catalog.ListPlacesAsync(myLocality, ct);
        var filter = new CatalogFilter(ParseName<TargetGroups>(group), ParseName<CourseCategory>(category),
            places.Any(p => p.Code == place) ? place : null);
        return View(new CatalogIndexViewModel(await catalog.ListAsync(filter, myLocality, ct), filter, places, myLocality));
    }

    [HttpGet("{slug}")]
    public async Task<IActionResult> Details(string slug, CancellationToken ct)
    {
        var course = await catalog.FindAsync(slug, ct);
        if (course is null)
        {
            return NotFound();
        }
        var userId = User.Identity?.IsAuthenticated == true ? User.UserId() : null;
        ViewData[CohortListKey] = await cohorts.ListOpenForCourseAsync(course.Course.Id, userId, ct);
        if (userId is not null)
        {
            ViewData[ReadLessonsKey] = await catalog.ReadLessonNumbersAsync(userId, course.Course.Id, ct);
        }
        return View(course);
    }

    [HttpGet("{slug}/lessons/{number:int}")]
    public async Task<IActionResult> Lesson(string slug, int number, CancellationToken ct)
    {
        var lesson = await catalog.FindLessonAsync(slug, number, ct);
        if (lesson is null)
        {
            return NotFound();
        }
        // A lesson saved to the phone for later (docs/decisions/0028) is not read yet: it counts when opened.
        if (User.Identity?.IsAuthenticated == true && !IsPrefetch)
        {
            await events.ReadLessonAsync(User.UserId(), lesson.Lesson.Id, ct);
        }
        return View(lesson);
    }

    /// <summary>
    /// A lesson read that the phone queued offline, sent with its own key until it hears back: counted once per key
    /// (docs/decisions/0027). Answers JSON for the queue.
    /// </summary>
    [HttpPost("{slug}/lessons/{number:int}/read"), Authorize]
    public async Task<IActionResult> ReadOffline(string slug, int number, [FromForm] string? key, CancellationToken ct)
    {
        var lesson = await catalog.FindLessonAsync(slug, number, ct);
        if (lesson is null)
        {
            return NotFound();
        }
        var result = await events.ReadLessonOnceAsync(User.UserId(), lesson.Lesson.Id, key, ct);
        return KeyRefusal(result.Outcome) ?? Json(new { outcome = result.Outcome.ToString(), counted = result.Counted });
    }

    [HttpGet("{slug}/media/{*path}")]
    [ResponseCache(Duration = 86400, Location = ResponseCacheLocation.Any)]
    public async Task<IActionResult> Media(string slug, string path, CancellationToken ct)
    {
        var media = await catalog.FindMediaAsync(slug, path, ct);
        return media is null ? NotFound() : File(media.Content, media.ContentType);
    }

    [HttpGet("{slug}/quiz"), Authorize]
    public async Task<IActionResult> Quiz(string slug, CancellationToken ct)
    {
        var quiz = await quizzes.FindAsync(slug, User.UserId(), ct);
        return quiz is null ? NotFound() : View(quiz);
    }

    [HttpPost("{slug}/quiz"), Authorize]
    public async Task<IActionResult> Quiz(string slug, IFormCollection form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        // Fields are named q0, q1, …: one value for a radio, several for checkboxes, none for an unanswered question.
        var answers = new List<IReadOnlyList<int>>();
        foreach (var (key, values) in form)
        {
            if (key.Length > 1 && key[0] == 'q'
                && int.TryParse(key.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < MaxQuestions)
            {
                while (answers.Count <= index)
                {
                    answers.Add([]);
                }
                answers[index] = [.. values.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).Where(n => n >= 0)];
            }
        }
        QuizSubmitResult result;
        if (form.TryGetValue("key", out var offlineKey))
        {
            // Answered offline and sent by the queue: graded now, once per key; a replay shows the first attempt.
            var keyed = await events.SubmitQuizOnceAsync(slug, User.UserId(), answers, offlineKey.ToString(), ct);
            if (KeyRefusal(keyed.Outcome) is { } refusal)
            {
                return refusal;
            }
            result = keyed.Quiz!;
            if (WantsJson && result.Status == QuizSubmitStatus.Graded)
            {
                return Json(new { outcome = keyed.Outcome.ToString(), attempt = Url.Action(nameof(Attempt), new { slug, id = result.AttemptId }) });
            }
            if (WantsJson && result.Status == QuizSubmitStatus.NoAttemptsLeft)
            {
                // Answered offline after the last attempt was used online: the queue drops it and says why.
                return Json(new { outcome = keyed.Outcome.ToString(), attempt = (string?)null, message = text["Quiz.NoAttemptsLeftShort"].Value });
            }
        }
        else
        {
            result = await events.SubmitQuizAsync(slug, User.UserId(), answers, ct);
        }
        switch (result.Status)
        {
            case QuizSubmitStatus.NotFound:
                return NotFound();
            case QuizSubmitStatus.NoAttemptsLeft:
                TempData["notice"] = text["Quiz.NoAttemptsLeftShort"].Value;
                return RedirectToAction(nameof(Quiz), new { slug });
            default:
                return RedirectToAction(nameof(Attempt), new { slug, id = result.AttemptId });
        }
    }

    [HttpGet("{slug}/quiz/attempts/{id:long}"), Authorize]
    public async Task<IActionResult> Attempt(string slug, long id, CancellationToken ct)
    {
        var attempt = await quizzes.FindAttemptAsync(slug, id, User.UserId(), ct);
        return attempt is null ? NotFound() : View(attempt);
    }

    /// <summary>Fetched ahead of reading: the service worker saving a course (<c>Purpose: prefetch</c>), or the browser's own prefetch.</summary>
    private bool IsPrefetch =>
        string.Equals(Request.Headers["Purpose"], "prefetch", StringComparison.OrdinalIgnoreCase)
        || Request.Headers["Sec-Purpose"].ToString().StartsWith("prefetch", StringComparison.OrdinalIgnoreCase);

    private bool WantsJson => Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    // A key the app did not make, or one already used for another step: nothing changed, and the learner is told why.
    private IActionResult? KeyRefusal(KeyOutcome outcome) => outcome switch
    {
        KeyOutcome.NotFound => NotFound(),
        KeyOutcome.Malformed => BadRequest(new { message = text["Offline.KeyMalformed"].Value }),
        KeyOutcome.UsedForAnotherStep => Conflict(new { message = text["Offline.KeyUsedForAnotherStep"].Value }),
        _ => null,
    };

    // Only exact names: a query string such as ?group=1 should not select a group by its number.
    private static T? ParseName<T>(string? value)
        where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => string.Equals(v.ToString(), value, StringComparison.Ordinal));
}
