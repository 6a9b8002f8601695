namespace Purser.Resilience;

/// <summary>
/// <c>Purser:Resilience:Providers:&lt;name&gt;</c>: overrides of the retry and circuit-breaker settings for the
/// deployments of one provider. Unset values inherit <c>Purser:Resilience:Retry</c> / <c>:CircuitBreaker</c>.
/// The per-attempt timeout of a provider is <c>Purser:Providers:&lt;name&gt;:TimeoutSeconds</c>.
/// </summary>
public sealed class ProviderResilienceOptions
{
    public int? MaxAttempts { get; set; }

    public int? BaseDelayMs { get; set; }

    public double? MaxDelaySeconds { get; set; }

    public bool? Jitter { get; set; }

    public bool? CircuitBreakerEnabled { get; set; }

    public double? FailureRatio { get; set; }

    public int? MinimumThroughput { get; set; }

    public double? SamplingDurationSeconds { get; set; }

    public double? BreakDurationSeconds { get; set; }
}
