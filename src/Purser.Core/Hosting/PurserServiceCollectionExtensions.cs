using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.Usage;
using Purser.Routing;

namespace Purser.Hosting;

/// <summary>Registers the pipeline. Every registration uses TryAdd, so a caller can replace any part first.</summary>
public static class PurserServiceCollectionExtensions
{
    public static PurserBuilder AddPurser(this IServiceCollection services, PurserOptions options, PricingCatalog? catalog = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(catalog ?? PricingCatalog.LoadBuiltIn());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionStage, UsageStage>());
        services.TryAddSingleton<DeploymentPrices>();
        services.TryAddSingleton<Budgets.ReservationEstimator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionStage, PriceStage>());
        services.TryAddSingleton(sp => new AutoClassifier(sp.GetRequiredService<PurserOptions>().Routing.Auto));
        services.TryAddSingleton(sp => new ModelResolver(sp.GetRequiredService<PurserOptions>(), sp.GetRequiredService<AutoClassifier>()));
        services.TryAddSingleton<RoutingCascade>();
        services.TryAddSingleton<Resilience.DeploymentHealthRegistry>();
        services.TryAddSingleton<Resilience.ProviderHealthReporter>();
        services.TryAddSingleton<Reports.CostReporter>();
        services.TryAddSingleton<IDispatcher, Dispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, RouteStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, Embeddings.EmbeddingStage>());
        services.TryAddSingleton(sp => new Telemetry.PurserTelemetry(sp));
        services.TryAddSingleton(sp => new PurserPipeline(
            sp.GetServices<IRequestStage>(),
            sp.GetRequiredService<IDispatcher>(),
            sp.GetServices<ICompletionStage>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Telemetry.PurserTelemetry>()));
        return new PurserBuilder(services);
    }
}
