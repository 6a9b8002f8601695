using Microsoft.Extensions.Logging;
using Purser.Configuration;
using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Pricing;

/// <summary>
/// Prices every attempt with the one cost function and sums them: a failover never hides spend and no token is
/// billed twice. An attempt with tokens but no price makes the total unknown (null), never $0.
/// </summary>
public sealed class PriceStage(PricingCatalog catalog, PurserOptions options, ILogger<PriceStage> logger) : ICompletionStage
{
    private static readonly ModelPrice Free = new() { Id = "simulated", Input = 0, Output = 0 };

    public int Order => StageOrder.Price;

    public ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        decimal total = 0;
        bool known = true;
        foreach (AttemptRecord attempt in context.Attempts)
        {
            if (attempt.Usage.IsEmpty)
            {
                attempt.CostUsd = 0;
                continue;
            }

            ModelPrice? price = PriceOf(attempt.Deployment, context);
            CostResult cost = CostCalculator.Compute(attempt.Usage, price);
            attempt.CostUsd = cost.Total;
            if (cost.Total is decimal c)
            {
                total += c;
            }
            else
            {
                known = false;
                PricingLog.NoPriceForModel(logger, attempt.Deployment.Id);
                context.Warnings.Add($"No price for {attempt.Deployment.Id}: cost recorded as unknown. Add it under Purser:Pricing:{attempt.Deployment.Target}.");
            }
        }

        context.CostUsd = known ? total : null;
        return ValueTask.CompletedTask;
    }

    /// <summary>The price of a deployment: the catalog entry, a simulated provider's PriceAs, or a known $0 for simulated.</summary>
    public ModelPrice? PriceOf(Deployment deployment, PurserContext? context = null)
    {
        if (options.Providers.TryGetValue(deployment.Provider, out ProviderOptions? provider)
            && string.Equals(provider.Kind, ProviderKind.Simulated, StringComparison.OrdinalIgnoreCase))
        {
            return provider.Simulated.PriceAs is { } priceAs ? catalog.Find(priceAs) : catalog.Find(deployment.Provider, deployment.Model) ?? Free;
        }

        return catalog.Find(deployment.Provider, deployment.Model)
            ?? (context?.Response?.Model is { Length: > 0 } answered ? catalog.Find(deployment.Provider, answered) : null);
    }
}
