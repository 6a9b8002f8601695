using System.Collections.Concurrent;
using Purser.Errors;

namespace Purser.Budgets;

/// <summary>
/// Budgets held across several instances on one database (PostgreSQL). Each budget value and window has a counter row
/// there; a call under a hard budget reserves its worst case on every counter of its budgets atomically
/// (refused when any hard one has no room, whatever the other instances hold), and its settlement — the holds released,
/// the real cost added — travels with its ledger row and is applied in the row's transaction. The
/// <see cref="BudgetTracker"/> keeps mirroring the counters for tiers, status and alerts.
/// </summary>
internal sealed class SharedBudgets
{
    private readonly ISharedBudgetStore _store;
    private readonly BudgetTracker _tracker;
    private readonly ConcurrentDictionary<(string Budget, (BudgetScope, string?, BudgetWindow, BudgetUnit, string?) Counts, string Value, long Start), long> _ids = new();

    public SharedBudgets(ISharedBudgetStore store, BudgetTracker tracker)
    {
        _store = store;
        _tracker = tracker;
        tracker.Shared = true;
    }

    /// <summary>The 503 a call under a hard budget gets while the shared counters cannot be reached: it fails closed.</summary>
    public static PurserError Unavailable(string problem) =>
        new(ErrorKind.Unavailable, 503, $"Purser cannot check this call's hard budgets: {problem}. A call under a hard budget is refused rather than risk overspending it; retry shortly.")
        {
            Code = "budget_store_unavailable",
            RetryAfter = TimeSpan.FromSeconds(5),
        };

    /// <summary>
    /// Reserves a reservation's amounts on the shared counters when any of its budgets is hard; returns the refusal
    /// when one has no room (the reservation then holds nothing there).
    /// </summary>
    /// <exception cref="StorageUnavailableException">The database cannot be reached.</exception>
    internal async ValueTask<BudgetRefusal?> ReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken)
    {
        (BudgetCounter[] counters, long[] amounts, long[] limits) = _tracker.Holdings(reservation);
        if (!counters.Any(c => c.Definition.IsHard))
        {
            return null;
        }

        long[] ids = await IdsAsync(counters, cancellationToken);
        var id = Guid.NewGuid();
        SharedReserveOutcome outcome = await _store.ReserveAsync(id, ids, limits, amounts, [.. counters.Select(c => c.Definition.IsHard)], cancellationToken);
        Mirror(counters, ids, outcome.Counters);
        if (!outcome.Reserved)
        {
            return _tracker.RefuseShared(counters[outcome.RefusedIndex], amounts[outcome.RefusedIndex]);
        }

        reservation.SharedId = id;
        return null;
    }

    /// <summary>Gives a reservation's holds back at once (a call that waits for a calibration probe before reserving again).</summary>
    internal async ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken)
    {
        if (reservation.SharedId is Guid id)
        {
            reservation.SharedId = null;
            await _store.ReleaseAsync(id, cancellationToken);
        }
    }

    /// <summary>
    /// What a finished call does to the shared counters, mirroring <see cref="BudgetTracker.Settle"/> (with a reservation)
    /// and <see cref="BudgetTracker.Charge"/> (without): null when it changes nothing. Counters the database cannot be
    /// asked about now are left out (their spend stays in the ledger).
    /// </summary>
    internal async ValueTask<BudgetSettlement?> SettlementAsync(BudgetReservation? reservation, IReadOnlyList<BudgetScopeEntry> scope, DateTimeOffset at, long? actualPico, long actualTokens, CancellationToken cancellationToken)
    {
        BudgetCounter[] counters;
        long[] reserved;
        if (reservation is not null)
        {
            (counters, reserved, _) = _tracker.Holdings(reservation);
        }
        else
        {
            counters = [.. _tracker.CountersFor(scope, at)];
            reserved = new long[counters.Length];
        }

        var ids = new List<long>(counters.Length);
        var amounts = new List<long>(counters.Length);
        var unpriced = new List<long>(counters.Length);
        for (int i = 0; i < counters.Length; i++)
        {
            BudgetCounter counter = counters[i];
            bool usd = counter.Unit == BudgetUnit.Usd;
            long amount = usd ? actualPico ?? (reservation is null ? 0 : reserved[i]) : actualTokens;
            long unpricedCall = usd && actualPico is null && (reservation is null || !counter.Definition.IsHard) ? 1 : 0;
            if (amount == 0 && unpricedCall == 0)
            {
                continue;
            }

            long? id = await TryIdAsync(counter, cancellationToken);
            if (id is long known)
            {
                ids.Add(known);
                amounts.Add(amount);
                unpriced.Add(unpricedCall);
            }
        }

        return ids.Count == 0 && reservation?.SharedId is null ? null : new BudgetSettlement(reservation?.SharedId, [.. ids], [.. amounts], [.. unpriced]);
    }

    /// <summary>Rereads every counter in use from the database (another instance's calls, a budget changed elsewhere).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        List<BudgetCounter> counters = _tracker.LiveCounters();
        var known = new List<(BudgetCounter Counter, long Id)>();
        foreach (BudgetCounter counter in counters)
        {
            if (_ids.TryGetValue(KeyOf(counter), out long id))
            {
                known.Add((counter, id));
            }
        }

        if (known.Count == 0)
        {
            return;
        }

        IReadOnlyList<SharedCounterState> states = await _store.ReadAsync([.. known.Select(k => k.Id)], cancellationToken);
        Mirror([.. known.Select(k => k.Counter)], [.. known.Select(k => k.Id)], states);
    }

    private void Mirror(BudgetCounter[] counters, long[] ids, IReadOnlyList<SharedCounterState> states)
    {
        for (int i = 0; i < counters.Length; i++)
        {
            foreach (SharedCounterState state in states)
            {
                if (state.Id == ids[i])
                {
                    _tracker.Mirror(counters[i], state);
                    break;
                }
            }
        }
    }

    private async ValueTask<long[]> IdsAsync(BudgetCounter[] counters, CancellationToken cancellationToken)
    {
        var ids = new long[counters.Length];
        for (int i = 0; i < counters.Length; i++)
        {
            ids[i] = await IdAsync(counters[i], cancellationToken);
        }

        return ids;
    }

    private async ValueTask<long?> TryIdAsync(BudgetCounter counter, CancellationToken cancellationToken)
    {
        if (_ids.TryGetValue(KeyOf(counter), out long id))
        {
            return id;
        }

        try
        {
            return await IdAsync(counter, cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            return null;
        }
    }

    private async ValueTask<long> IdAsync(BudgetCounter counter, CancellationToken cancellationToken)
    {
        var key = KeyOf(counter);
        if (_ids.TryGetValue(key, out long id))
        {
            return id;
        }

        SharedCounterState state = await _store.EnsureCounterAsync(counter.Definition, counter.Value, counter.Period, cancellationToken);
        _ids[key] = state.Id;
        _tracker.Mirror(counter, state);
        return state.Id;
    }

    /// <summary>
    /// A counter's identity: its budget's name and what it counts (<see cref="BudgetDefinition.Counts"/>, compared as
    /// fields rather than joined into a string on every lookup), its value and its period.
    /// </summary>
    private static (string, (BudgetScope, string?, BudgetWindow, BudgetUnit, string?), string, long) KeyOf(BudgetCounter counter) =>
        (counter.Definition.Name, counter.Definition.Counts, counter.Value, counter.Period.Start.ToUnixTimeMilliseconds());
}
