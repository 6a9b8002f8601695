using Purser.Pipeline;
using Purser.RateLimits;

namespace Purser.Balancing;

/// <summary>
/// A call's balancing state, kept in <see cref="PurserContext.Items"/>: the quotas of its alias's targets, the worst
/// case it takes from a quota, what it took from each deployment it was sent to, and its conversation's sticky key.
/// </summary>
internal sealed class BalanceCall
{
    private static readonly object ItemKey = new();

    /// <summary>Provider quotas by deployment id (only targets that have one).</summary>
    public required IReadOnlyDictionary<string, RateLimit> Quotas { get; init; }

    /// <summary>Tokens a call takes from a deployment's Tpm before it is sent (its worst case).</summary>
    public long WorstTokens { get; init; }

    /// <summary>The conversation's key for sticky routing (null: not sticky).</summary>
    public string? StickyKey { get; init; }

    /// <summary>What was taken from each deployment's quota, by deployment id.</summary>
    internal Dictionary<string, RateLimitLease> Leases { get; } = new(StringComparer.Ordinal);

    public static BalanceCall? Of(PurserContext context) => context.Items.TryGetValue(ItemKey, out object? value) ? value as BalanceCall : null;

    public void Attach(PurserContext context) => context.Items[ItemKey] = this;
}
