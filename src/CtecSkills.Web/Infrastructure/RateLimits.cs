using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Infrastructure;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, int.MaxValue)]
    public int SignInPerMinute { get; set; } = 10;

    [Range(1, int.MaxValue)]
    public int SmsPerMinute { get; set; } = 5;

    [Range(1, int.MaxValue)]
    public int VerifyPerMinute { get; set; } = 60;

    /// <summary>Verifier applications one client may send per hour (each creates an account for an admin to review).</summary>
    [Range(1, int.MaxValue)]
    public int RegisterPerHour { get; set; } = 5;

    /// <summary>Tables one client may post to the anonymous decompose API per minute (each is a full computation).</summary>
    [Range(1, int.MaxValue)]
    public int DecomposePerMinute { get; set; } = 10;

    /// <summary>Batch files (up to 1,000 codes each) one verifier may upload per hour.</summary>
    [Range(1, int.MaxValue)]
    public int VerifyBatchPerHour { get; set; } = 30;
}

/// <summary>Per-client limits on the endpoints that guess passwords or codes, or cost money (SMS).</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Sms = "sms";

    /// <summary>Public verification: stops a client from walking the code space or hammering the status lists.</summary>
    public const string Verify = "verify";

    /// <summary>Anonymous verifier applications: each makes an account and a task for an admin.</summary>
    public const string Register = "register";

    /// <summary>The anonymous decompose API: each call computes every measure of a table of up to 5 MB.</summary>
    public const string Decompose = "decompose";

    /// <summary>
    /// Batch verification, per signed-in verifier rather than per address: an HR bureau's clerks share one office
    /// address, and one batch is a thousand verifications.
    /// </summary>
    public const string VerifyBatch = "verify-batch";

    /// <summary>The policies, with the limits of the validated <see cref="RateLimitOptions"/>.</summary>
    public static IServiceCollection AddCtecRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, settings) =>
        {
            var limits = settings.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => PerClient(context, limits.SignInPerMinute));
            options.AddPolicy(Sms, context => PerClient(context, limits.SmsPerMinute));
            options.AddPolicy(Verify, context => PerClient(context, limits.VerifyPerMinute));
            options.AddPolicy(Register, context => PerClient(context, limits.RegisterPerHour, TimeSpan.FromHours(1)));
            options.AddPolicy(Decompose, context => PerClient(context, limits.DecomposePerMinute));
            options.AddPolicy(VerifyBatch, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.VerifyBatchPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// Per client address: the connection's, or the one a known proxy forwarded (see <see cref="ProxyOptions"/>). Each
    /// policy counts in buckets of its own.
    /// </summary>
    private static RateLimitPartition<string> PerClient(HttpContext context, int permits, TimeSpan? window = null) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window ?? TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
