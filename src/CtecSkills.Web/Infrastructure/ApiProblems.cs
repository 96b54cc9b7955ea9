using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Infrastructure;

/// <summary>An API refusal as RFC 9457 problem details, with its own content type.</summary>
public static class ApiProblems
{
    public static ObjectResult Result(int status, string type, string title, string detail) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type })
        { StatusCode = status, ContentTypes = { "application/problem+json" } };
}
