using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Recognition;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Infrastructure;

/// <summary>The in-process caches and what keeps them true on every node (docs/decisions/0030).</summary>
public static class NodeCacheRegistration
{
    public static IServiceCollection AddNodeCaches(this IServiceCollection services)
    {
        // Key ids are immutable: nothing to tell other nodes.
        services.AddSingleton<PublicKeyCache>();
        services.AddSingleton<StatusListCache>();
        services.AddSingleton<CompromisedKeyCache>();
        services.AddSingleton<RecognitionCache>();
        services.AddSingleton<INodeCache>(sp => sp.GetRequiredService<StatusListCache>());
        services.AddSingleton<INodeCache>(sp => sp.GetRequiredService<CompromisedKeyCache>());
        services.AddSingleton<INodeCache>(sp => sp.GetRequiredService<RecognitionCache>());
        services.AddSingleton<CacheInvalidation>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<CacheInvalidation>());

        // SQLite is one node: forgetting at the commit (above) is all. PostgreSQL may have several, each listening.
        services.AddSingleton(sp => new CacheNoticeListener(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
                ? sp.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Default
                : null,
            sp.GetRequiredService<CacheInvalidation>(), sp.GetRequiredService<ILogger<CacheNoticeListener>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CacheNoticeListener>());
        return services;
    }
}
