using Purser.Configuration;

namespace Purser.Resilience;

/// <summary>The resilience settings that apply to one provider's deployments, overrides resolved.</summary>
internal sealed record DeploymentPolicy(
    TimeSpan AttemptTimeout,
    int MaxAttempts,
    TimeSpan BaseDelay,
    TimeSpan MaxDelay,
    bool Jitter,
    bool BreakerEnabled,
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingDuration,
    TimeSpan BreakDuration)
{
    public static DeploymentPolicy For(string provider, PurserOptions options)
    {
        ResilienceOptions r = options.Resilience;
        r.Providers.TryGetValue(provider, out ProviderResilienceOptions? o);
        TimeSpan timeout = options.Providers.TryGetValue(provider, out ProviderOptions? p) && p.TimeoutSeconds is int seconds
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(r.AttemptTimeoutSeconds);
        return new DeploymentPolicy(
            timeout,
            o?.MaxAttempts ?? r.Retry.MaxAttempts,
            TimeSpan.FromMilliseconds(o?.BaseDelayMs ?? r.Retry.BaseDelayMs),
            TimeSpan.FromSeconds(o?.MaxDelaySeconds ?? r.Retry.MaxDelaySeconds),
            o?.Jitter ?? r.Retry.Jitter,
            o?.CircuitBreakerEnabled ?? r.CircuitBreaker.Enabled,
            o?.FailureRatio ?? r.CircuitBreaker.FailureRatio,
            o?.MinimumThroughput ?? r.CircuitBreaker.MinimumThroughput,
            TimeSpan.FromSeconds(o?.SamplingDurationSeconds ?? r.CircuitBreaker.SamplingDurationSeconds),
            TimeSpan.FromSeconds(o?.BreakDurationSeconds ?? r.CircuitBreaker.BreakDurationSeconds));
    }
}
