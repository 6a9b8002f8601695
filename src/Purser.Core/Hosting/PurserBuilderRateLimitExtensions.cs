using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Configuration;
using Purser.Pipeline;
using Purser.RateLimits;

namespace Purser.Hosting;

/// <summary>Adds rate limits (<c>Purser:RateLimits</c> and the keys' own): the limiter, the request stage and the reconcile stage. Needs <see cref="PurserBuilderBudgetExtensions.AddBudgets"/> (keys, the worst-case estimator).</summary>
public static class PurserBuilderRateLimitExtensions
{
    public static PurserBuilder AddRateLimits(this PurserBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.TryAddSingleton<RateLimiter>();
        services.TryAddSingleton(sp => sp.GetRequiredService<PurserOptions>().RateLimits);
        services.TryAddSingleton<RateLimitScopes>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, RateLimitStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionStage, RateLimitReconcileStage>());
        return builder;
    }
}
