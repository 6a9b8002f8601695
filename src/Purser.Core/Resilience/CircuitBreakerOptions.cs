namespace Purser.Resilience;

/// <summary>
/// <c>Purser:Resilience:CircuitBreaker</c>: each deployment's breaker opens when, within
/// <see cref="SamplingDurationSeconds"/>, at least <see cref="MinimumThroughput"/> attempts were made and at least
/// <see cref="FailureRatio"/> of them failed. An open deployment is skipped for <see cref="BreakDurationSeconds"/>;
/// then one call probes it (half-open): success closes the breaker, failure opens it again.
/// </summary>
public sealed class CircuitBreakerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Share of failed attempts that opens the breaker, 0 &lt; ratio ≤ 1 (default 0.5).</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts the window needs before the ratio counts, at least 2 (default 5).</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The window the ratio is taken over, in seconds, at least 0.5 (default 30).</summary>
    public double SamplingDurationSeconds { get; set; } = 30;

    /// <summary>How long an open breaker skips its deployment, in seconds, at least 0.5 (default 30).</summary>
    public double BreakDurationSeconds { get; set; } = 30;
}
