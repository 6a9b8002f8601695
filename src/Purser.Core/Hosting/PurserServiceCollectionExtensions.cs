using Microsoft.Extensions.Configuration;
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
    /// <summary>
    /// Reads the <c>Purser</c> section (the same one the gateway reads: providers, models, routing, cache, budgets,
    /// pricing…), validates it and registers the pipeline. Chain the features: <c>.AddProviders()</c>,
    /// <c>.AddSecretGuard()</c>, <c>.AddCompression()</c>, <c>.AddPrompts()</c>, <c>.AddSqliteStorage()</c>, <c>.AddBudgets()</c>….
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (the <c>Purser</c> section is read from it).</param>
    /// <param name="options">Options already loaded from <paramref name="configuration"/>; loaded here when null.</param>
    /// <param name="getEnvironmentVariable">Resolves <c>env:VAR</c> secrets and providers from the environment (default: the process environment).</param>
    /// <exception cref="PurserConfigurationException">The configuration is invalid; the message names each key.</exception>
    public static PurserBuilder AddPurser(this IServiceCollection services, IConfiguration configuration, PurserOptions? options = null, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        options ??= PurserOptionsLoader.Load(configuration, getEnvironmentVariable);
        PricingCatalog catalog;
        try
        {
            catalog = PricingCatalog.Load(configuration.GetSection(PricingCatalog.SectionName));
        }
        catch (PricingValidationException ex)
        {
            throw new PurserConfigurationException(ex.Errors);
        }

        services.AddPurser(options, catalog);
        return new PurserBuilder(services) { Configuration = configuration, Options = options, Catalog = catalog, GetEnvironmentVariable = getEnvironmentVariable };
    }

    internal static PurserBuilder AddPurser(this IServiceCollection services, PurserOptions options, PricingCatalog? catalog = null)
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
        return new PurserBuilder(services) { Options = options, Catalog = catalog };
    }
}
