namespace Purser.Resilience;

/// <summary>The circuit states as <c>GET /api/providers</c> names them.</summary>
internal static class CircuitStatus
{
    /// <summary>Calls flow.</summary>
    public const string Closed = "closed";

    /// <summary>The deployment is skipped until its break ends.</summary>
    public const string Open = "open";

    /// <summary>The break is over: the next call probes the deployment.</summary>
    public const string HalfOpen = "half_open";

    /// <summary>Held open by hand.</summary>
    public const string Isolated = "isolated";

    /// <summary>No breaker is configured for the deployment.</summary>
    public const string Disabled = "disabled";
}
