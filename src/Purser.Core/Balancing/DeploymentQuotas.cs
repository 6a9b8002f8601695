using Purser.Pipeline;
using Purser.RateLimits;
using Purser.Routing;

namespace Purser.Balancing;

/// <summary>
/// The provider accounts' own quotas per deployment (an alias target's Rpm and Tpm), kept in the instance's
/// <see cref="RateLimiter"/>: the dispatcher takes a request and the call's worst case before it sends a call there,
/// and skips a deployment that has no room; the completion corrects the tokens to what the attempts used.
/// </summary>
internal sealed class DeploymentQuotas(RateLimiter limiter)
{
    /// <summary>Takes room for the call on <paramref name="deployment"/>; false, with how long until there is room, when it has none.</summary>
    public bool TryTake(BalanceCall call, Deployment deployment, out TimeSpan? wait)
    {
        wait = null;
        if (!call.Quotas.TryGetValue(deployment.Id, out RateLimit? quota) || call.Leases.ContainsKey(deployment.Id))
        {
            return true;
        }

        RateLimitLease? lease = limiter.TryAcquire([Scope(deployment, quota)], call.WorstTokens, out RateLimitRefusal? refusal, out _);
        if (lease is null)
        {
            wait = refusal!.RetryAfter;
            return false;
        }

        call.Leases[deployment.Id] = lease;
        return true;
    }

    /// <summary>Whether <paramref name="deployment"/> has room for the call now (nothing taken).</summary>
    public bool HasRoom(BalanceCall call, Deployment deployment)
    {
        if (!call.Quotas.TryGetValue(deployment.Id, out RateLimit? quota))
        {
            return true;
        }

        RateLimitStatus status = limiter.Peek(Scope(deployment, quota));
        if (status.Requests is { Remaining: < 1 })
        {
            return false;
        }

        return status.Tokens is not { } tokens || tokens.Remaining >= call.WorstTokens;
    }

    /// <summary>Corrects each deployment's tokens to what the call's attempts there used.</summary>
    public void Settle(BalanceCall call, PurserContext context)
    {
        foreach (var (id, lease) in call.Leases)
        {
            long used = 0;
            foreach (AttemptRecord attempt in context.Attempts)
            {
                if (attempt.Deployment.Id == id)
                {
                    used += attempt.Usage.InputTokens + attempt.Usage.OutputTokens;
                }
            }

            limiter.Settle(lease, used);
        }
    }

    private static RateLimitScope Scope(Deployment deployment, RateLimit quota) => new("deployment " + deployment.Id, quota);
}
