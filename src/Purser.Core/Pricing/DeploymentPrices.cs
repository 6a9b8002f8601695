using Purser.Configuration;
using Purser.Routing;

namespace Purser.Pricing;

/// <summary>
/// The price a deployment's tokens are billed at — the one lookup behind both the bill (<see cref="PriceStage"/>) and
/// the worst case reserved before the call (<see cref="Budgets.ReservationEstimator"/>), registered once.
/// </summary>
internal sealed class DeploymentPrices(PricingCatalog catalog, PurserOptions options)
{
    private static readonly ModelPrice Free = new() { Id = "simulated", Input = 0, Output = 0 };

    /// <summary>
    /// The catalog entry, a simulated provider's PriceAs, or a known $0 for simulated; else, when given, the price of
    /// the model the provider said it <paramref name="answered"/> with; null when unknown.
    /// </summary>
    public ModelPrice? PriceOf(Deployment deployment, string? answered = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (options.Providers.TryGetValue(deployment.Provider, out ProviderOptions? provider)
            && string.Equals(provider.Kind, ProviderKind.Simulated, StringComparison.OrdinalIgnoreCase))
        {
            return provider.Simulated.PriceAs is { } priceAs ? catalog.Find(priceAs) : catalog.Find(deployment.Provider, deployment.Model) ?? Free;
        }

        return catalog.Find(deployment.Provider, deployment.Model)
            ?? (answered is { Length: > 0 } ? catalog.Find(deployment.Provider, answered) : null);
    }
}
