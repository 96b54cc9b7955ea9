using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Errors;

/// <summary>
/// Friendly pages for errors and status codes; API paths get RFC 9457 problem details instead. Never shows a stack
/// trace: the details are in the log under the request id.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/error")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error() => Show(StatusCodes.Status500InternalServerError);

    [Route("/error/{status:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status()
    {
        // Read from the route, not bound as a parameter: binding would read the form of a re-executed POST again,
        // and a form that failed to read (too large, malformed) would turn the error page itself into a 500.
        var status = int.TryParse(RouteData.Values["status"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        return Show(status is >= 400 and < 600 ? status : StatusCodes.Status500InternalServerError);
    }

    private IActionResult Show(int status)
    {
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? Request.Path.Value
            ?? "";
        if (originalPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(statusCode: status);
        }
        Response.StatusCode = status;
        return View("Error", new ErrorViewModel(status, HttpContext.TraceIdentifier));
    }
}

public sealed record ErrorViewModel(int Status, string RequestId);
