namespace Purser.Balancing;

/// <summary>How an alias spreads its calls over its targets (<c>Purser:Models:&lt;alias&gt;:Strategy</c>).</summary>
internal enum BalanceStrategy
{
    /// <summary>As listed: the first healthy target serves, the others are fallbacks.</summary>
    Ordered,

    /// <summary>In proportion to the targets' weights (smooth weighted round-robin: exact over every cycle of the weights' sum).</summary>
    Weighted,

    /// <summary>The target with the fewest calls in flight on this instance.</summary>
    LeastBusy,

    /// <summary>The target with the lowest recent latency (an average of its last answers; a target never measured goes first, to measure it).</summary>
    LowestLatency,

    /// <summary>The cheapest target by catalog price (input + output per token); unpriced ones last.</summary>
    Cost,
}
