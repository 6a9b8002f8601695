namespace Purser.Budgets;

/// <summary>
/// Budget counters kept in a database every instance shares (PostgreSQL), so hard budgets hold across instances:
/// a call's worst case is reserved there atomically. Not used with SQLite, where the counters in memory
/// are the only ones.
/// </summary>
internal interface ISharedBudgetStore
{
    /// <summary>
    /// The shared counter of a budget value in a window: created the first time from what the ledger already holds
    /// for it, found afterwards. Returns its id and state.
    /// </summary>
    ValueTask<SharedCounterState> EnsureCounterAsync(BudgetDefinition definition, string value, BudgetPeriod period, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves <paramref name="amounts"/> on the counters, all or nothing: a hard counter whose limit minus spend
    /// minus every instance's holds is below its amount refuses. Returns the 0-based index of the counter that refused
    /// (or -1) and each counter's state.
    /// </summary>
    ValueTask<SharedReserveOutcome> ReserveAsync(Guid reservation, IReadOnlyList<long> counters, IReadOnlyList<long> limits, IReadOnlyList<long> amounts, IReadOnlyList<bool> hard, CancellationToken cancellationToken);

    /// <summary>Releases a reservation's holds without charging anything (the call gave its reservation back).</summary>
    ValueTask ReleaseAsync(Guid reservation, CancellationToken cancellationToken);

    /// <summary>The counters' spend and holds as they stand.</summary>
    ValueTask<IReadOnlyList<SharedCounterState>> ReadAsync(IReadOnlyList<long> counters, CancellationToken cancellationToken);
}
