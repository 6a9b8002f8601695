namespace Purser.Dispatch;

/// <summary>The passes of one call's dispatch over its route, in order.</summary>
internal enum DispatchPass
{
    /// <summary>The route's deployments, in order, through their resilience pipelines.</summary>
    Route,

    /// <summary>The deployments that asked callers to wait, once their wait is over.</summary>
    Cooling,

    /// <summary>The deployments whose circuit is open, once each, outside their breaker.</summary>
    LastResort,
}
