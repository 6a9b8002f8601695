using Purser.Budgets;

namespace Purser.Storage.Postgres;

/// <summary>
/// One call's reservation waiting in <see cref="PostgresReservationQueue"/>: what it asks for, and the outcome its batch
/// decided. A caller that gives up no longer waits, but its batch goes on for the others; whichever of the two comes
/// second — the batch's decision or the caller's giving up — releases a hold nobody will use.
/// </summary>
internal sealed class PostgresPendingReservation(Guid reservation, Guid instance, long[] counters, long[] limits, long[] amounts, bool[] hard)
{
    private const int Waiting = 0;
    private const int Decided = 1;
    private const int Abandoned = 2;

    private readonly TaskCompletionSource<SharedReserveOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SharedReserveOutcome? _decided;
    private int _state = Waiting;

    public Guid Reservation { get; } = reservation;

    public Guid Instance { get; } = instance;

    public long[] Counters { get; } = counters;

    public long[] Limits { get; } = limits;

    public long[] Amounts { get; } = amounts;

    public bool[] Hard { get; } = hard;

    public Task<SharedReserveOutcome> Outcome => _outcome.Task;

    /// <summary>The caller gave up before its batch started: the batch leaves it out.</summary>
    public bool IsAbandoned => Volatile.Read(ref _state) == Abandoned;

    /// <summary>The batch decided; returns true when the caller had already gone and the hold must be released.</summary>
    public bool Decide(SharedReserveOutcome outcome)
    {
        _decided = outcome;
        bool orphan = Interlocked.CompareExchange(ref _state, Decided, Waiting) == Abandoned && outcome.Reserved;
        _outcome.TrySetResult(outcome);
        return orphan;
    }

    /// <summary>The batch failed (the database could not be reached): the caller gets the failure, nothing is held.</summary>
    public void Fail(Exception exception)
    {
        Interlocked.CompareExchange(ref _state, Decided, Waiting);
        _outcome.TrySetException(exception);
    }

    /// <summary>The caller gave up; returns true when its hold was already committed and must be released.</summary>
    public bool Abandon() =>
        Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Decided && _decided is { Reserved: true };
}
