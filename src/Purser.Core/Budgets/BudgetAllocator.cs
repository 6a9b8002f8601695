using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Purser.Budgets;

/// <summary>
/// Dynamic allocation: a parent budget with <c>Allocation: dynamic</c> shares its limit among the budgets that name it
/// as their parent. Each child gets Purser:Budgets:Allocation:MinShare of the limit whatever it uses; the rest is split
/// in proportion to each child's spend over the last LookbackDays (equally when nobody spent anything). A child with
/// its own Limit never gets more than that.
/// </summary>
internal sealed class BudgetAllocator(BudgetTracker tracker, IBudgetSpendStore spend, BudgetOptions options, TimeProvider time, ILogger<BudgetAllocator> logger)
{
    /// <summary>Recomputes every dynamic parent's shares now. Reads the ledger: call it off the request path.</summary>
    public IReadOnlyDictionary<string, long> Allocate()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        IReadOnlyList<BudgetDefinition> definitions = tracker.Definitions;
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset from = now - TimeSpan.FromDays(options.Allocation.LookbackDays);
        foreach (BudgetDefinition parent in definitions.Where(d => d.Allocation == BudgetAllocation.Dynamic))
        {
            BudgetDefinition[] children = [.. definitions.Where(d => d.Parent == parent.Name)];
            if (children.Length == 0)
            {
                continue;
            }

            long[] usage = [.. children.Select(c => spend.SpendByValue(c, from, now).Values.Sum())];
            long[] shares = Split(parent.LimitUnits, usage, options.Allocation.MinShare);
            for (int i = 0; i < children.Length; i++)
            {
                tracker.SetAllocation(children[i].Name, shares[i]);
                result[children[i].Name] = shares[i];
            }

            BudgetLog.Allocated(logger, parent.Name, string.Join(", ", children.Select((c, i) =>
                string.Create(CultureInfo.InvariantCulture, $"{c.Name} {BudgetAmounts.Format(shares[i], parent.Unit)}"))));
        }

        return result;
    }

    /// <summary>
    /// Splits <paramref name="total"/> units: each child a floor of <paramref name="minShare"/> × total (scaled down
    /// when the floors would exceed the total), the rest by usage. Rounds down, so the shares never add up to more
    /// than the total.
    /// </summary>
    public static long[] Split(long total, IReadOnlyList<long> usage, decimal minShare)
    {
        int n = usage.Count;
        var shares = new long[n];
        if (n == 0 || total <= 0)
        {
            return shares;
        }

        long floor = (long)Math.Floor(total * minShare);
        if (floor * (decimal)n > total)
        {
            floor = total / n;
        }

        long rest = total - (floor * n);
        decimal used = usage.Sum(u => (decimal)Math.Max(0, u));
        for (int i = 0; i < n; i++)
        {
            decimal part = used == 0 ? rest / (decimal)n : rest * (Math.Max(0, usage[i]) / used);
            shares[i] = floor + (long)Math.Floor(part);
        }

        return shares;
    }
}
