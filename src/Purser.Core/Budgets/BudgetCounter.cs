namespace Purser.Budgets;

/// <summary>
/// One budget (for a per-value budget: one value of it) in one window: what is spent, what calls in flight have
/// reserved, and which alert levels have fired. Mutated only under the <see cref="BudgetTracker"/>'s lock.
/// </summary>
internal sealed class BudgetCounter
{
    internal BudgetCounter(BudgetDefinition definition, string value, BudgetPeriod period, long limit, long spent, IEnumerable<int>? fired)
    {
        Definition = definition;
        Value = value;
        Period = period;
        Limit = limit;
        Spent = spent;
        Fired = fired is null ? [] : [.. fired];
    }

    public BudgetDefinition Definition { get; internal set; }

    /// <summary>The scope value this counter is for ("" for a global budget).</summary>
    public string Value { get; }

    public BudgetPeriod Period { get; }

    /// <summary>The limit in counting units (pico-dollars or tokens); for a dynamic child, its current share.</summary>
    public long Limit { get; internal set; }

    /// <summary>Reconciled spend in counting units.</summary>
    public long Spent { get; internal set; }

    /// <summary>Worst-case cost of the calls in flight, in counting units.</summary>
    public long Reserved { get; internal set; }

    /// <summary>
    /// With budgets shared by several instances: what the others hold for their calls in flight (and this instance's
    /// calls settled here whose rows are not yet committed), as the shared counter last said.
    /// </summary>
    public long ReservedElsewhere { get; internal set; }

    /// <summary>Calls of unknown cost counted (a soft dollar budget cannot charge them: they are counted apart).</summary>
    public long UnpricedCalls { get; internal set; }

    /// <summary>For a share-derived budget, the fraction of its global budget's limit (the limit follows that budget's).</summary>
    internal decimal? Share { get; set; }

    /// <summary>Alert levels (percent) fired in this window.</summary>
    internal HashSet<int> Fired { get; }

    /// <summary>What is left for new calls: limit − spent − reserved here and elsewhere (may be negative).</summary>
    public long Available => Limit - Spent - Reserved - ReservedElsewhere;

    public BudgetUnit Unit => Definition.Unit;

    /// <summary>"daily" or "per-user[alice]".</summary>
    public string DisplayName => Definition.IsPerValue ? $"{Definition.Name}[{Value}]" : Definition.Name;
}
