namespace Purser.Resilience;

/// <summary>
/// <c>Purser:Resilience</c>: how a call survives a failing upstream — a time limit per attempt, a deadline for the
/// whole call, retries with backoff on the same deployment, a circuit breaker per deployment, and fallback along
/// the route's deployments.
/// </summary>
public sealed class ResilienceOptions
{
    /// <summary>
    /// Time allowed for one attempt: a whole non-streamed answer, or a stream's first event (default 30 s).
    /// <c>Purser:Providers:&lt;name&gt;:TimeoutSeconds</c> overrides it per provider, the <c>x-purser-timeout</c>
    /// request header per call.
    /// </summary>
    public double AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Time allowed for all attempts of a call together, waits between them included (default 120 s). It ends when
    /// a non-streamed answer is complete or a stream's first event arrived. Never shorter than one attempt's time.
    /// </summary>
    public double TotalDeadlineSeconds { get; set; } = 120;

    /// <summary>Retries on the same deployment (<c>Purser:Resilience:Retry</c>).</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>The circuit breaker of each deployment (<c>Purser:Resilience:CircuitBreaker</c>).</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Per-provider overrides (<c>Purser:Resilience:Providers:&lt;name&gt;</c>).</summary>
    public Dictionary<string, ProviderResilienceOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
