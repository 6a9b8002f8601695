using Purser.Pipeline;
using Purser.Pricing;
using Purser.Prompts;
using Purser.Routing;
using Purser.Tokens;

namespace Purser.Assistant.Calls;

/// <summary>
/// The most a prompt can cost on a model before it is sent (every prompt token counted, the prompt's whole output limit
/// at the output price, the dearest deployment of an alias), with the one cost function; for <c>--max-cost</c>.
/// </summary>
public sealed class CostEstimator(ModelResolver resolver, PricingCatalog catalog, IEnumerable<ICompletionStage> stages)
{
    private readonly PriceStage? _prices = stages.OfType<PriceStage>().FirstOrDefault();

    /// <summary>The worst-case cost, or null when the model does not resolve here or has no price.</summary>
    public decimal? WorstCase(string model, RenderedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (resolver.Resolve(model, out _) is not { } route)
        {
            return null;
        }

        decimal worst = 0;
        foreach (Deployment deployment in route.Deployments)
        {
            ModelPrice? price = _prices is not null ? _prices.PriceOf(deployment) : catalog.Find(deployment.Provider, deployment.Model);
            if (price is null)
            {
                return null;
            }

            ITokenCounter counter = Tokenizers.ForModel(deployment.Model);
            long tokens = counter.Count(prompt.System).Tokens + counter.Count(prompt.User).Tokens + 16;
            worst = Math.Max(worst, CostCalculator.WorstCaseCost(tokens, prompt.MaxTokens, price));
        }

        return worst;
    }
}
