using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Infrastructure;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public int SignInPerMinute { get; set; } = 10;
    public int SmsPerMinute { get; set; } = 5;
    public int VerifyPerMinute { get; set; } = 60;
}

/// <summary>Per-client limits on the endpoints that guess passwords or codes, or cost money (SMS).</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Sms = "sms";

    /// <summary>Public verification: stops a client from walking the code space or hammering the status lists.</summary>
    public const string Verify = "verify";

    public static IServiceCollection AddCtecRateLimits(this IServiceCollection services, RateLimitOptions limits)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => PerClient(context, limits.SignInPerMinute));
            options.AddPolicy(Sms, context => PerClient(context, limits.SmsPerMinute));
            options.AddPolicy(Verify, context => PerClient(context, limits.VerifyPerMinute));
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
