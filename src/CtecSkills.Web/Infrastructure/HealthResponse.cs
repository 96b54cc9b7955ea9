using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Infrastructure;

public static class HealthResponse
{
    /// <summary>
    /// Status per check and this process's role (<c>Web</c>, <c>Worker</c> or <c>Both</c>) as JSON; no exception text,
    /// which could leak connection details.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            role = context.RequestServices.GetRequiredService<IOptions<NodeOptions>>().Value.Kind.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
