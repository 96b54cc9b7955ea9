using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CtecSkills.Web.Infrastructure;

/// <summary>Healthy when the Hangfire job storage answers a statistics query.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var stats = storage.GetMonitoringApi().GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy(data: new Dictionary<string, object>
            {
                ["servers"] = stats.Servers,
                ["failed"] = stats.Failed,
                ["enqueued"] = stats.Enqueued,
            }));
        }
#pragma warning disable CA1031 // any storage failure means unhealthy, whatever its type
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Job storage unreachable.", e));
        }
    }
}
