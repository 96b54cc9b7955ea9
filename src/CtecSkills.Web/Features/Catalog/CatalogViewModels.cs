using CtecSkills.Core.Catalog;

namespace CtecSkills.Web.Features.Catalog;

public sealed record CatalogIndexViewModel(IReadOnlyList<CourseCard> Courses, CatalogFilter Filter);
