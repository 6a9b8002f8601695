using Purser.Errors;
using Purser.Routing;
using Purser.Usage;

namespace Purser.Pipeline;

/// <summary>One try of one deployment: its outcome, timing and any tokens it was billed for.</summary>
internal sealed class AttemptRecord(Deployment deployment, int number)
{
    public Deployment Deployment { get; } = deployment;

    /// <summary>1-based position among all attempts of the call.</summary>
    public int Number { get; } = number;

    public DateTimeOffset StartedAt { get; init; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Null when the attempt succeeded.</summary>
    public PurserError? Error { get; set; }

    /// <summary>Tokens billed for this attempt (a failed attempt is usually 0).</summary>
    public TokenUsage Usage { get; set; }

    /// <summary>Cost of this attempt's tokens; null when the price is unknown.</summary>
    public decimal? CostUsd { get; set; }
}
