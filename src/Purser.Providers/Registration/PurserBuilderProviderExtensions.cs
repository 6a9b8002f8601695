using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Purser.Dispatch;
using Purser.Hosting;
using Purser.Tokens;

namespace Purser.Providers.Registration;

/// <summary>Adds the providers configured under <c>Purser:Providers</c> (and found in the environment): one adapter each.</summary>
public static class PurserBuilderProviderExtensions
{
    /// <param name="builder">The builder <c>AddPurser</c> returned.</param>
    public static PurserBuilder AddProviders(this PurserBuilder builder) => AddProviders(builder, custom: null);

    /// <param name="builder">The builder <c>AddPurser</c> returned.</param>
    /// <param name="custom">Replaces the adapter of the provider it names (null keeps the configured one).</param>
    internal static PurserBuilder AddProviders(this PurserBuilder builder, Func<string, IChatProvider?>? custom)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Configuration.PurserOptions options = builder.RequireOptions("The providers");
        Func<string, string?> environment = builder.GetEnvironmentVariable;
        builder.Services.TryAddSingleton<IProviderRegistry>(sp => ProviderFactory.Create(
            options,
            environment,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            text => BpeEncoding.O200kBase.CountTokens(text),
            custom));
        return builder;
    }
}
