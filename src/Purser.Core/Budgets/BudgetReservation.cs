namespace Purser.Budgets;

/// <summary>
/// The worst-case cost of one call held against every budget in its scope until the call is reconciled, or until its
/// lease runs out (a call that never finished).
/// </summary>
internal sealed class BudgetReservation
{
    internal BudgetReservation(long id, BudgetCounter[] counters, long[] amounts, long usdPico, long tokens, DateTimeOffset expiresAt, BudgetCallScope call)
    {
        Id = id;
        Counters = counters;
        Amounts = amounts;
        UsdPico = usdPico;
        Tokens = tokens;
        ExpiresAt = expiresAt;
        Call = call;
    }

    public long Id { get; }

    /// <summary>The budgets held, in their current windows; replaced when a budget is rebuilt while the call runs.</summary>
    internal BudgetCounter[] Counters { get; set; }

    /// <summary>Per counter, what was reserved in its unit.</summary>
    internal long[] Amounts { get; set; }

    /// <summary>Who the call is for: what a rebuilt budget re-resolves it against.</summary>
    internal BudgetCallScope Call { get; }

    /// <summary>The worst-case cost in pico-dollars.</summary>
    public long UsdPico { get; }

    /// <summary>The worst-case tokens (prompt + max output).</summary>
    public long Tokens { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The lease ran out before the call was reconciled; the amounts were given back.</summary>
    public bool Expired { get; internal set; }

    /// <summary>The reservation's id in the shared budget counters (PostgreSQL); null when it holds nothing there.</summary>
    public Guid? SharedId { get; internal set; }

    /// <summary>Reconciled (or expired and then reconciled).</summary>
    public bool Settled { get; internal set; }
}
