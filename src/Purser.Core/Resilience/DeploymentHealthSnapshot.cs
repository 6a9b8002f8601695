namespace Purser.Resilience;

/// <summary>One deployment's health at a moment, for <c>GET /api/providers</c>.</summary>
internal sealed record DeploymentHealthSnapshot
{
    public required string Deployment { get; init; }

    public required string Provider { get; init; }

    public required string Model { get; init; }

    /// <summary>closed, open, half_open, isolated or disabled (<see cref="CircuitStatus"/>).</summary>
    public required string Circuit { get; init; }

    /// <summary>When an open circuit lets a probe through.</summary>
    public DateTimeOffset? OpenUntil { get; init; }

    /// <summary>When a deployment that asked callers to wait (Retry-After) may be called again.</summary>
    public DateTimeOffset? CoolingUntil { get; init; }

    /// <summary>Attempts within the breaker's sampling window.</summary>
    public int RecentAttempts { get; init; }

    public int RecentFailures { get; init; }

    /// <summary>RecentFailures / RecentAttempts (0 with no attempts).</summary>
    public double FailureRatio { get; init; }

    public long TotalAttempts { get; init; }

    public long TotalFailures { get; init; }

    /// <summary>The kind of the last failure (timeout, connection, rate_limited, …), if any.</summary>
    public string? LastErrorKind { get; init; }

    public int? LastErrorStatus { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>Calls on the deployment now, on this instance (what least-busy routing reads).</summary>
    public int InFlight { get; init; }

    /// <summary>Median time of the last successful attempts (up to 256; for a stream, to its first event), in milliseconds.</summary>
    public double? LatencyP50Ms { get; init; }

    /// <summary>95th percentile of the same attempts.</summary>
    public double? LatencyP95Ms { get; init; }
}
