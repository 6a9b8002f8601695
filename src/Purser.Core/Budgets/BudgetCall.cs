namespace Purser.Budgets;

/// <summary>A call's budget state, kept in <see cref="Pipeline.PurserContext.Items"/> from the tier stage to the reconcile stage.</summary>
internal sealed class BudgetCall(List<BudgetScopeEntry> scope, BudgetCallScope callScope)
{
    public static readonly object Key = new();

    public List<BudgetScopeEntry> Scope { get; } = scope;

    /// <summary>Who the call is for (what a budget rebuilt while it runs resolves it against).</summary>
    public BudgetCallScope CallScope { get; } = callScope;

    public BudgetReservation? Reservation { get; set; }

    /// <summary>With shared budgets: what the call's ledger row does to the shared counters.</summary>
    public BudgetSettlement? Settlement { get; set; }

    /// <summary>The deployment this call probes for calibration (<see cref="CalibrationProbes"/>), if any.</summary>
    public string? Probe { get; set; }

    /// <summary>What the call's worst case assumed, per deployment id (what the provider's bill is compared with).</summary>
    public Dictionary<string, ReservedUsage> Reserved { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AnyHard => Scope.Any(e => e.Definition.IsHard);

    public bool AnyHardUsd => Scope.Any(e => e.Definition.IsHard && e.Definition.Unit == BudgetUnit.Usd);

    public static BudgetCall? Of(Pipeline.PurserContext context) =>
        context.Items.TryGetValue(Key, out object? value) ? value as BudgetCall : null;
}
