using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Purser.Alerts;
using Purser.Budgets;
using Purser.Configuration;
using Purser.Keys;
using Purser.Pipeline;

namespace Purser.Hosting;

/// <summary>Adds virtual keys, budgets (tier, reservation and reconcile stages) and alerts. Stores default to in-memory ones.</summary>
public static class PurserBuilderBudgetExtensions
{
    /// <param name="builder">The builder.</param>
    /// <param name="getEnvironmentVariable">Resolves env:VAR webhook URLs.</param>
    public static PurserBuilder AddBudgets(this PurserBuilder builder, Func<string, string?>? getEnvironmentVariable = null)
    {
        IServiceCollection services = builder.Services;
        services.TryAddSingleton<IKeyStore, InMemoryKeyStore>();
        services.TryAddSingleton<IBudgetStore, InMemoryBudgetStore>();
        services.TryAddSingleton<IBudgetSpendStore, NoLedgerSpendStore>();
        services.TryAddSingleton<IAlertStore, InMemoryAlertStore>();
        services.TryAddSingleton(sp => sp.GetRequiredService<PurserOptions>().Budgets);
        services.TryAddSingleton(sp => sp.GetRequiredService<PurserOptions>().Alerts);
        services.TryAddSingleton<KeyRegistry>();
        services.TryAddSingleton<RateLimits.RateLimiter>();
        services.TryAddSingleton<KeyService>();
        services.TryAddSingleton(sp =>
        {
            AlertOptions options = sp.GetRequiredService<AlertOptions>();
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
            return new AlertDispatcher(
                sp.GetRequiredService<IAlertStore>(),
                options,
                WebhookTarget.From(options, getEnvironmentVariable ?? Environment.GetEnvironmentVariable),
                http,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AlertDispatcher>>());
        });
        services.TryAddSingleton<IAlertSink>(sp => sp.GetRequiredService<AlertDispatcher>());
        services.TryAddSingleton<BudgetTracker>();
        services.TryAddSingleton<BudgetManager>();
        services.TryAddSingleton<BudgetAllocator>();
        services.TryAddSingleton<BudgetScheduler>();
        services.TryAddSingleton<TierRouting>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, ModelAccessStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, BudgetTierStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, BudgetReserveStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionStage, BudgetReconcileStage>());
        return builder;
    }
}
