namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// Headers every response carries. The CSP allows only our own scripts and styles (no inline code), so a script
/// that slips into user text cannot run.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // A page may ask for a stricter policy (share links: no-referrer, so the token never leaks onwards).
                headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
                headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
