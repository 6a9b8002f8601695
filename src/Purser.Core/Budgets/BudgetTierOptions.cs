namespace Purser.Budgets;

/// <summary><c>Purser:Budgets:Tiers</c>: when hard budgets downgrade calls as they run out.</summary>
public sealed class BudgetTierOptions
{
    /// <summary>Below this much left, cheap models only. Default 40% (= $2 of a $5 budget).</summary>
    public string CheapBelow { get; set; } = "40%";

    /// <summary>Below this much left, emergency mode: the cheapest model with capped max tokens. Default 10% (= $0.50 of $5).</summary>
    public string EmergencyBelow { get; set; } = "10%";

    /// <summary>Max output tokens of a call in emergency mode (lowers the request's own when larger). Default 1024.</summary>
    public int EmergencyMaxTokens { get; set; } = 1024;

    /// <summary>
    /// Without a <c>cheap</c> model alias, a model is cheap when its output price is at most this many dollars per
    /// 1M tokens. Default 2.50.
    /// </summary>
    public decimal CheapMaxOutputPrice { get; set; } = 2.50m;
}
