using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CtecSkills.Web.Infrastructure;

public static class HealthResponse
{
    /// <summary>Status per check as JSON; no exception text, which could leak connection details.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
