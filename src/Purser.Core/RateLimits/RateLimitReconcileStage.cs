using Purser.Pipeline;

namespace Purser.RateLimits;

/// <summary>After the call: corrects the tokens it took to what it used upstream (none for a cache hit or a failure that billed nothing), and updates the headers.</summary>
internal sealed class RateLimitReconcileStage(RateLimiter limiter) : ICompletionStage
{
    public int Order => StageOrder.RateLimitReconcile;

    public ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (RateLimitCall.Of(context) is { } call)
        {
            RateLimitHeaders.Set(context, limiter.Settle(call.Lease, call.Lease.TokenBuckets.Count == 0 ? 0 : context.UpstreamTokens));
        }

        return ValueTask.CompletedTask;
    }
}
