namespace Purser.RateLimits;

/// <summary>A call's rate-limit state, kept in <see cref="Pipeline.PurserContext.Items"/> between the request stage and the reconcile stage.</summary>
internal sealed class RateLimitCall(RateLimitLease lease)
{
    private static readonly object ItemKey = new();

    public RateLimitLease Lease { get; } = lease;

    public static RateLimitCall? Of(Pipeline.PurserContext context) => context.Items.TryGetValue(ItemKey, out object? value) ? value as RateLimitCall : null;

    public void Attach(Pipeline.PurserContext context) => context.Items[ItemKey] = this;
}
