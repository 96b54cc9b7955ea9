using CtecSkills.Web.Features.Verification;

namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// The paths that answer programs, not people: our own API under <c>/api</c>, and the W3C VC API verifier, whose path
/// that specification fixes. There an error is problem details, never a page, and nobody is sent to the consent page.
/// </summary>
public static class ApiPaths
{
    private static readonly PathString[] Roots = ["/api", "/" + VcApiController.Path];

    public static bool IsApi(PathString path) => Roots.Any(root => path.StartsWithSegments(root, StringComparison.OrdinalIgnoreCase));
}
