namespace Purser.Budgets;

/// <summary>
/// Which models a hard budget still allows, from what it has left: below its emergency threshold only the emergency
/// tier, below its cheap threshold only cheap models (Purser:Budgets:Tiers, or the budget's own thresholds).
/// </summary>
internal sealed class BudgetTiers(BudgetTierOptions options)
{
    private readonly BudgetThreshold _defaultCheap = BudgetThreshold.TryParse(options.CheapBelow, out BudgetThreshold cheap) ? cheap : new BudgetThreshold(40, true);
    private readonly BudgetThreshold _defaultEmergency = BudgetThreshold.TryParse(options.EmergencyBelow, out BudgetThreshold emergency) ? emergency : new BudgetThreshold(10, true);

    /// <summary>The tier a counter is in now (read under the tracker's lock).</summary>
    public BudgetTier Of(BudgetCounter counter)
    {
        long available = counter.Available;
        if (available <= 0)
        {
            return BudgetTier.Exhausted;
        }

        BudgetDefinition d = counter.Definition;
        long emergency = (d.EmergencyBelow ?? _defaultEmergency).ToUnits(counter.Limit, d.Unit);
        long cheap = (d.CheapBelow ?? _defaultCheap).ToUnits(counter.Limit, d.Unit);
        return available < emergency ? BudgetTier.Emergency : available <= cheap ? BudgetTier.Cheap : BudgetTier.Any;
    }
}
