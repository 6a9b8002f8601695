namespace Purser.Reports;

/// <summary>A recent ledger row, as reports show it.</summary>
public sealed record RecentCall(
    DateTimeOffset Timestamp,
    string RequestId,
    string Operation,
    string? Deployment,
    string? Project,
    long InputTokens,
    long OutputTokens,
    decimal? CostUsd,
    bool Estimated,
    string Outcome,
    bool CacheHit,
    string? Route,
    double LatencyMs);
