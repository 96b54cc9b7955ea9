using CtecSkills.Core.Catalog;

namespace CtecSkills.Web.Features.Catalog;

public sealed record CatalogIndexViewModel(IReadOnlyList<CourseCard> Courses, CatalogFilter Filter, IReadOnlyList<CatalogPlace> Places, string? MyLocality);

public sealed record ManageCoursesViewModel(
    IReadOnlyList<OwnedCourse> Courses,
    IReadOnlyList<CtecSkills.Core.Organizations.TrainingBase> Bases,
    string? FileError,
    IReadOnlyList<PackageProblem> Problems);

public sealed record EditLessonViewModel(string Slug, Lesson Lesson, string Markdown, string? PreviewHtml);
