using CtecSkills.Web.Infrastructure;
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
        // Read the route by hand: binding a parameter would build every value provider, and the form one re-reads a
        // body that may be the very reason for the error (an upload over the size limit).
        var status = int.TryParse(RouteData.Values["status"]?.ToString(), out var s) ? s : 0;
        return Show(status is >= 400 and < 600 ? status : StatusCodes.Status500InternalServerError);
    }

    private IActionResult Show(int status)
    {
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? Request.Path.Value
            ?? "";
        if (ApiPaths.IsApi(originalPath))
        {
            return Problem(statusCode: status);
        }
        Response.StatusCode = status;
        return View("Error", new ErrorViewModel(status, HttpContext.TraceIdentifier));
    }
}

public sealed record ErrorViewModel(int Status, string RequestId);
