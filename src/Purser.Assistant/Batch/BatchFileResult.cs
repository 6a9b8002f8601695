using Purser.Assistant.Analysis;

namespace Purser.Assistant.Batch;

/// <summary>One file of a repository analysis.</summary>
internal sealed record BatchFileResult
{
    public required string Path { get; init; }

    public string Language { get; init; } = "unknown";

    public BatchFileStatus Status { get; init; }

    public FileAnalysis? Analysis { get; init; }

    /// <summary>Why it was skipped, failed or not analysed.</summary>
    public string? Reason { get; init; }

    /// <summary>What it cost now (null: unknown price).</summary>
    public decimal? CostUsd { get; init; }
}
