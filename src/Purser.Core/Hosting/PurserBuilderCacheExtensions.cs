using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Caching;
using Purser.Configuration;
using Purser.Pipeline;

namespace Purser.Hosting;

/// <summary>Adds the exact response cache (lookup and store stages) over whatever <see cref="ICacheStore"/> is registered.</summary>
public static class PurserBuilderCacheExtensions
{
    public static PurserBuilder AddResponseCache(this PurserBuilder builder)
    {
        builder.Services.TryAddSingleton(sp => new CachePolicy(sp.GetRequiredService<PurserOptions>().Cache));
        builder.Services.TryAddSingleton<ResponseCache>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, CacheLookupStage>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionStage, CacheStoreStage>());
        return builder;
    }
}
