using Microsoft.Extensions.Logging;
using Purser.Pipeline;

namespace Purser.Pricing;

/// <summary>
/// Prices every attempt with the one cost function and sums them: a failover never hides spend and no token is
/// billed twice. An attempt with tokens but no price makes the total unknown (null), never $0.
/// </summary>
internal sealed class PriceStage(DeploymentPrices prices, ILogger<PriceStage> logger) : ICompletionStage
{
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

            ModelPrice? price = prices.PriceOf(attempt.Deployment, context.Response?.Model);
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
}
