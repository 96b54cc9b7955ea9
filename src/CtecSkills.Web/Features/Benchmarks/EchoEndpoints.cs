using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace CtecSkills.Web.Features.Benchmarks;

/// <summary>Section <c>Benchmarks</c>: measurement aids that a production installation never serves.</summary>
public sealed class BenchmarksOptions
{
    public const string Section = "Benchmarks";

    /// <summary>
    /// Serve <c>POST /api/v1/echo</c> and <c>GET /echo/{code}</c>, the baselines the verification budget is measured
    /// against (README → Performance). Off by default: then the controllers are not part of the app at all.
    /// </summary>
    public bool EchoEndpoints { get; set; }
}

/// <summary>
/// Leaves the echo controllers out of the application when <see cref="BenchmarksOptions.EchoEndpoints"/> is off, so
/// their addresses are 404 like any unknown one: they are not reachable by a switch checked per request.
/// </summary>
public sealed class EchoEndpointsFeature(bool enabled) : IApplicationFeatureProvider<ControllerFeature>
{
    private static readonly Type[] EchoControllers = [typeof(EchoApiController), typeof(EchoPageController)];

    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (enabled)
        {
            return;
        }
        foreach (var controller in feature.Controllers.Where(c => EchoControllers.Contains(c.AsType())).ToList())
        {
            feature.Controllers.Remove(controller);
        }
    }
}
