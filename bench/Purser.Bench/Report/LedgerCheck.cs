namespace Purser.Bench.Report;

/// <summary>
/// A PostgreSQL target's database after a --storage run: every answer with a 2xx status must have its ledger row (and
/// there may be at most one more row per connection of each load run: wrk stops with calls in flight, which the gateway
/// completes and records but wrk never counts), and under a hard budget the counter must equal the ledger's cost, hold
/// nothing any more and stay within the limit.
/// </summary>
/// <param name="Target">The target (its instances share the database).</param>
/// <param name="Served">2xx answers the driver counted (probe, warm-up and measured runs).</param>
/// <param name="InFlight">Calls that may have been in flight when a load run stopped: its connections, summed over runs.</param>
/// <param name="Rows">Ledger rows.</param>
/// <param name="CostPico">The ledger's summed cost in pico-dollars.</param>
/// <param name="LimitUsd">The hard budget's limit, null without one.</param>
/// <param name="SpentPico">The budget counter's spend, null when there is no counter.</param>
/// <param name="ReservedPico">The budget counter's reservations still held.</param>
/// <param name="Holds">Reservation rows still in budget_holds.</param>
internal sealed record LedgerCheck(string Target, long Served, long InFlight, long Rows, long CostPico, decimal? LimitUsd, long? SpentPico, long? ReservedPico, long Holds)
{
    private const decimal PicoPerUsd = 1_000_000_000_000m;

    public decimal CostUsd => CostPico / PicoPerUsd;

    /// <summary>Every 2xx has its row; under a hard budget the counter's spend equals the ledger's and stays within the limit.</summary>
    public bool Passed =>
        Rows >= Served && Rows <= Served + InFlight
        && (LimitUsd is not decimal limit || (SpentPico == CostPico && CostUsd <= limit));

    /// <summary>Budget still held after the run (reported, not failed: a hold left behind expires with its lease, and until then it refuses room).</summary>
    public bool HoldsLeft => Holds > 0 || ReservedPico is > 0;
}
