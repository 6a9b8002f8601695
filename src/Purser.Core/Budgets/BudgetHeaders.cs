using Purser.Pricing;

namespace Purser.Budgets;

/// <summary>Response headers budgets add.</summary>
internal static class BudgetHeaders
{
    /// <summary>The least left over the dollar budgets of the call.</summary>
    public const string RemainingUsd = "x-purser-budget-remaining-usd";

    /// <summary>On a refusal: the budget that refused.</summary>
    public const string Budget = "x-purser-budget";

    /// <summary>On a refusal: when that budget resets (ISO 8601 UTC), absent for a total budget.</summary>
    public const string ResetsAt = "x-purser-budget-reset";

    internal static void SetRemaining(Pipeline.PurserContext context, decimal? remaining)
    {
        if (remaining is decimal usd)
        {
            context.ResponseHeaders[RemainingUsd] = CostFormatter.ToInvariantString(usd);
        }
    }
}
