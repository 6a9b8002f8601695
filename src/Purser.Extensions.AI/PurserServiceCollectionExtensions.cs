using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Configuration;
using Purser.Hosting;
using Purser.Keys;
using Purser.Pipeline;
using Purser.Providers.Registration;
using Purser.Storage.Hosting;

namespace Purser.Extensions.AI;

/// <summary>Registers Purser as the host's <see cref="IChatClient"/>.</summary>
public static class PurserServiceCollectionExtensions
{
    /// <summary>
    /// Composes Purser from the host's configuration as the gateway does — the <c>Purser</c> section's providers,
    /// models, routing, cache, budgets, rate limits, guard, compression, prompts and the SQLite ledger in
    /// <c>Purser:Home</c> — and registers a <see cref="PurserChatClient"/> as the <see cref="IChatClient"/>.
    /// </summary>
    /// <returns>The M.E.AI builder of the registered client, to add middleware (e.g. <c>.UseFunctionInvocation()</c>).</returns>
    /// <exception cref="PurserConfigurationException">The configuration is invalid; the message names each key.</exception>
    public static ChatClientBuilder AddPurserChatClient(this IServiceCollection services, IConfiguration configuration, Action<PurserChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPurser(configuration)
            .AddProviders()
            .AddSecretGuard()
            .AddCompression()
            .AddPrompts()
            .AddSqliteStorage()
            .AddBudgets()
            .AddRateLimits()
            .AddLoadBalancing();
        return services.AddPurserChatClient(configure);
    }

    /// <summary>
    /// Registers a <see cref="PurserChatClient"/> as the <see cref="IChatClient"/> over a pipeline the host composed
    /// itself (<c>services.AddPurser(configuration).AddProviders()…</c>).
    /// </summary>
    /// <returns>The M.E.AI builder of the registered client, to add middleware.</returns>
    public static ChatClientBuilder AddPurserChatClient(this IServiceCollection services, Action<PurserChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new PurserChatClientOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(sp => new PurserChatClient(sp, options));
        return services.AddChatClient(sp => sp.GetRequiredService<PurserChatClient>());
    }
}
