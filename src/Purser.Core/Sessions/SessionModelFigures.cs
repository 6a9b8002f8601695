namespace Purser.Sessions;

/// <summary>A session's calls served by one model (provider/model).</summary>
internal sealed record SessionModelFigures
{
    public required string Model { get; init; }

    public long Calls { get; init; }

    public long InputTokens { get; init; }

    public long CachedTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>The known cost; calls without a price are counted in <see cref="SessionFigures.UnknownCostCalls"/>.</summary>
    public decimal CostUsd { get; init; }
}
