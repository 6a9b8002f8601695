using Microsoft.Extensions.Logging;

namespace Purser.Budgets;

/// <summary>
/// The reservations not yet settled, each on a lease (Purser:Budgets:ReservationLeaseSeconds): one whose call never
/// reports back gives its amounts back when the lease ends, at the next sweep. Not thread-safe: the tracker calls it
/// under its lock, since taking or returning a reservation changes the counters it holds.
/// </summary>
internal sealed class ReservationLeases(TimeSpan lease, ILogger logger)
{
    private readonly Dictionary<long, BudgetReservation> _active = [];
    private long _nextId;
    private DateTimeOffset _nextSweep = DateTimeOffset.MaxValue;

    public int Count => _active.Count;

    public IEnumerable<BudgetReservation> Active => _active.Values;

    /// <summary>Holds <paramref name="amounts"/> on <paramref name="counters"/> for a call until it settles or its lease ends.</summary>
    public BudgetReservation Take(BudgetCounter[] counters, long[] amounts, long usdPico, long tokens, DateTimeOffset now, BudgetCallScope call)
    {
        for (int i = 0; i < counters.Length; i++)
        {
            counters[i].Reserved += amounts[i];
        }

        var reservation = new BudgetReservation(++_nextId, counters, amounts, usdPico, tokens, now + lease, call);
        _active[reservation.Id] = reservation;
        if (reservation.ExpiresAt < _nextSweep)
        {
            _nextSweep = reservation.ExpiresAt;
        }

        return reservation;
    }

    /// <summary>The reservation's call reported back: it no longer expires.</summary>
    public void Release(BudgetReservation reservation) => _active.Remove(reservation.Id);

    /// <summary>Sweeps when the earliest lease has ended.</summary>
    public void SweepIfDue(DateTimeOffset now)
    {
        if (now >= _nextSweep)
        {
            Sweep(now);
        }
    }

    /// <summary>Gives back what the reservations whose lease ended hold; returns how many.</summary>
    public int Sweep(DateTimeOffset now)
    {
        int expired = 0;
        DateTimeOffset next = DateTimeOffset.MaxValue;
        List<long>? gone = null;
        foreach (BudgetReservation reservation in _active.Values)
        {
            if (reservation.ExpiresAt > now)
            {
                next = reservation.ExpiresAt < next ? reservation.ExpiresAt : next;
                continue;
            }

            reservation.Expired = true;
            for (int i = 0; i < reservation.Counters.Length; i++)
            {
                reservation.Counters[i].Reserved -= reservation.Amounts[i];
            }

            (gone ??= []).Add(reservation.Id);
            expired++;
            BudgetLog.ReservationExpired(logger, reservation.Id);
        }

        if (gone is not null)
        {
            foreach (long id in gone)
            {
                _active.Remove(id);
            }
        }

        _nextSweep = next;
        return expired;
    }
}
