namespace Purser.Balancing;

/// <summary>The configuration names of <see cref="BalanceStrategy"/>.</summary>
internal static class BalanceStrategies
{
    public static IReadOnlyList<string> Names { get; } = ["ordered", "weighted", "least-busy", "lowest-latency", "cost"];

    public static bool TryParse(string? name, out BalanceStrategy strategy)
    {
        strategy = (name ?? "ordered").Trim().ToLowerInvariant() switch
        {
            "ordered" or "" => BalanceStrategy.Ordered,
            "weighted" => BalanceStrategy.Weighted,
            "least-busy" => BalanceStrategy.LeastBusy,
            "lowest-latency" => BalanceStrategy.LowestLatency,
            "cost" => BalanceStrategy.Cost,
            _ => (BalanceStrategy)(-1),
        };
        return strategy >= 0;
    }

    public static string Name(BalanceStrategy strategy) => Names[(int)strategy];
}
