using Purser.Errors;

namespace Purser.Cli.Diagnostics;

/// <summary>What one minimal call to a provider showed: served (with its latency and cost), failed, or not tried.</summary>
internal sealed record ProviderProbeResult(string Provider, string? Model)
{
    public bool Ok => Error is null && Skipped is null;

    /// <summary>Why the provider was not called (no model to try), or null.</summary>
    public string? Skipped { get; init; }

    public PurserError? Error { get; init; }

    public TimeSpan? Latency { get; init; }

    /// <summary>What the call cost (the ledger's price), null when the model has no price.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>The answer's text, shortened.</summary>
    public string? Answer { get; init; }

    /// <summary>What to do about a failure.</summary>
    public string? Fix { get; init; }
}
