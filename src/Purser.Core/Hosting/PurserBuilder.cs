using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Purser.Configuration;
using Purser.Pricing;

namespace Purser.Hosting;

/// <summary>Returned by <c>AddPurser</c>; the Add… extensions of the other Purser packages hang off it.</summary>
public sealed class PurserBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>The configuration <c>AddPurser(configuration)</c> read (the <c>Purser</c> section the gateway reads); null when built from options.</summary>
    public IConfiguration? Configuration { get; init; }

    /// <summary>The validated <c>Purser</c> options.</summary>
    public PurserOptions? Options { get; init; }

    /// <summary>The prices (built-in catalog with <c>Purser:Pricing</c> over it).</summary>
    internal PricingCatalog? Catalog { get; init; }

    /// <summary>Resolves <c>env:VAR</c> secrets and providers from the environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    internal IConfiguration RequireConfiguration(string feature) => Configuration
        ?? throw new InvalidOperationException($"{feature} reads its settings from configuration: start with services.AddPurser(configuration).");

    internal PurserOptions RequireOptions(string feature) => Options
        ?? throw new InvalidOperationException($"{feature} needs Purser's options: start with services.AddPurser(configuration).");
}
