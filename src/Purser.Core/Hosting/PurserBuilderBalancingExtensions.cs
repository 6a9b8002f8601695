using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Balancing;
using Purser.Pipeline;
using Purser.RateLimits;

namespace Purser.Hosting;

/// <summary>Adds load balancing of aliases over their targets (strategies, per-target quotas, sticky routing). Needs <see cref="PurserBuilderBudgetExtensions.AddBudgets"/> (the worst-case estimator and prices).</summary>
public static class PurserBuilderBalancingExtensions
{
    public static PurserBuilder AddLoadBalancing(this PurserBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.TryAddSingleton<RateLimiter>();
        services.TryAddSingleton<DeploymentQuotas>();
        services.TryAddSingleton<StickyRoutes>();
        services.TryAddSingleton<WeightedRotation>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, BalanceStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionStage, BalanceCompletionStage>());
        return builder;
    }
}
