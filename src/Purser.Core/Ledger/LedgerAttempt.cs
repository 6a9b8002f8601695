namespace Purser.Ledger;

/// <summary>One attempt of a call, with the tokens and cost its provider billed (usually none for a failure).</summary>
public sealed record LedgerAttempt(
    int Number,
    string Deployment,
    DateTimeOffset StartedAt,
    double ElapsedMs,
    string Outcome,
    int? UpstreamStatus,
    long InputTokens,
    long CachedInputTokens,
    long CacheWriteTokens,
    long OutputTokens,
    long ReasoningTokens,
    decimal? CostUsd);
