namespace Purser.Budgets;

/// <summary>The answer to a shared reservation: which counter refused (-1 when none) and the counters' states.</summary>
internal sealed record SharedReserveOutcome(int RefusedIndex, IReadOnlyList<SharedCounterState> Counters)
{
    public bool Reserved => RefusedIndex < 0;
}
