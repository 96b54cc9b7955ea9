using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// Every setting is read through an options class bound to its section once and validated when the app starts, so a
/// wrong value stops the start with a message naming the setting (<c>RateLimits:SmsPerMinute: …</c>) instead of
/// surfacing in the first request that needs it.
/// </summary>
public static class Settings
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="T"/>, checks its data annotations on start.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        var builder = services.AddOptions<T>().Bind(configuration.GetSection(section));
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedSettingsValidator<T>(builder.Name, section));
        return builder.ValidateOnStart();
    }

    /// <summary>
    /// A setting that decides what is registered (a certificate, whether job workers run) is needed before the container
    /// exists: it is bound and validated here, the only place that reads it.
    /// </summary>
    public static T ReadSettings<T>(this IConfiguration configuration, string section)
        where T : class, new()
    {
        var value = configuration.GetSection(section).Get<T>() ?? new T();
        var errors = AnnotatedSettingsValidator<T>.Errors(value, section);
        return errors.Count == 0 ? value : throw new OptionsValidationException(section, typeof(T), errors);
    }

    /// <summary>
    /// Runs every start-up validation now: before the database is migrated and before an admin command runs, not only
    /// when the host starts serving.
    /// </summary>
    public static void ValidateSettings(this WebApplication app) =>
        app.Services.GetRequiredService<IStartupValidator>().Validate();

    private sealed class AnnotatedSettingsValidator<T>(string? name, string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }
            var errors = Errors(options, section);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        public static List<string> Errors(T options, string section)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            return [.. results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")];
        }
    }
}

/// <summary>Section <c>Seed</c>.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Demo bases, accounts, courses and cohorts; refused in Production (the passwords are published).</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// On top of the demo: recognition agreements, credentials in every state and a learner half-way through a course,
    /// so that everything can be tried at first start (Development); refused in Production like the demo itself.
    /// </summary>
    public bool Showcase { get; set; }
}

/// <summary>Section <c>Proxy</c>.</summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Honour <c>X-Forwarded-For/Proto</c>: only behind a load balancer that sets them.</summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>
    /// Addresses of the load balancers whose <c>X-Forwarded-*</c> headers are believed (besides this machine's loopback).
    /// From anyone else the headers are ignored: a client cannot pick the address its rate limits count against.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of such load balancers.</summary>
    public IList<string> KnownNetworks { get; } = [];

    public IEnumerable<System.Net.IPAddress> ProxyAddresses =>
        KnownProxies.Select(p => System.Net.IPAddress.TryParse(p, out var a) ? a : null).OfType<System.Net.IPAddress>();

    public IEnumerable<System.Net.IPNetwork> ProxyNetworks =>
        KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network : (System.Net.IPNetwork?)null).OfType<System.Net.IPNetwork>();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            yield return new($"'{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }
        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new($"'{network}' is not a network such as 10.0.0.0/8.", [nameof(KnownNetworks)]);
        }
    }
}

/// <summary>What a process of the installation does (docs/decisions/0029).</summary>
public enum NodeRole
{
    /// <summary>Pages and APIs; enqueues jobs into the shared storage and runs none.</summary>
    Web,

    /// <summary>Hangfire workers; answers only <c>/healthz</c> and <c>/healthz/live</c>.</summary>
    Worker,

    /// <summary>Both in one process: the single-machine installation (the only layout SQLite allows).</summary>
    Both,
}

/// <summary>Section <c>Node</c>: the one setting that says what this process does.</summary>
public sealed class NodeOptions : IValidatableObject
{
    public const string Section = "Node";

    /// <summary><c>Web</c>, <c>Worker</c> or <c>Both</c> (the default: one machine does everything).</summary>
    public string Role { get; set; } = nameof(NodeRole.Both);

    public NodeRole Kind => Enum.TryParse<NodeRole>(Role, ignoreCase: true, out var role) && Enum.IsDefined(role) ? role : NodeRole.Both;

    public bool ServesHttp => Kind != NodeRole.Worker;

    public bool RunsJobs => Kind != NodeRole.Web;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.GetNames<NodeRole>().Contains(Role, StringComparer.OrdinalIgnoreCase))
        {
            yield return new($"must be {nameof(NodeRole.Web)}, {nameof(NodeRole.Worker)} or {nameof(NodeRole.Both)}, not '{Role}'.", [nameof(Role)]);
        }
    }
}

/// <summary>Section <c>Jobs</c>: how a node that runs jobs (<see cref="NodeOptions.RunsJobs"/>) runs them.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// The workers take only the message queue (texts go out as in production); test hosts set it because they run
    /// every other job themselves, with a clock of their choosing. Refused on a web node, which runs no workers.
    /// </summary>
    public bool MessagesOnly { get; set; }

    /// <summary>
    /// Seconds after which a job taken by a worker that stopped answering (killed, machine gone) is handed to another
    /// worker (PostgreSQL storage; a live worker keeps renewing its claim, so a long job is never taken twice).
    /// </summary>
    [Range(5, 3600)]
    public int InvisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>Seconds a stopping worker lets running jobs finish before it cancels them and hands them back to the queue.</summary>
    [Range(1, 600)]
    public int ShutdownTimeoutSeconds { get; set; } = 20;
}

/// <summary>Section <c>DataProtection</c>: the certificate that encrypts the cookie-signing keys stored in the database.</summary>
public sealed class KeyEncryptionOptions : IValidatableObject
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 file; empty keeps the keys unencrypted (development).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(CertificatePath) && !File.Exists(CertificatePath))
        {
            yield return new($"no certificate file at '{CertificatePath}'.", [nameof(CertificatePath)]);
        }
    }
}

/// <summary>The addresses the app listens on (<c>urls</c>, e.g. from <c>ASPNETCORE_URLS</c>).</summary>
public sealed class ServerUrlsOptions
{
    public const string DevelopmentUrl = "http://localhost:5080";

    /// <summary>Bound from the configuration root, where the host keeps <c>urls</c>.</summary>
    public string? Urls { get; set; }

    /// <summary>The first address, with a wildcard host made <c>localhost</c>: the one to open on this machine.</summary>
    public string FirstLocalUrl => (Urls ?? DevelopmentUrl).Split(';')[0]
        .Replace("://+", "://localhost", StringComparison.Ordinal)
        .Replace("://*", "://localhost", StringComparison.Ordinal);
}
