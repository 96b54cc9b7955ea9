using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// An upload over a route's size limit fails while the form is read, before the action runs. Answer 413 so that the
/// person sees the friendly "file too large" page instead of a server error.
/// </summary>
public sealed class RequestTooLargeFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        var tooLarge = context.Exception switch
        {
            BadHttpRequestException e => e.StatusCode == StatusCodes.Status413PayloadTooLarge,
            InvalidDataException e => e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
        if (tooLarge)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
            context.ExceptionHandled = true;
        }
    }
}
