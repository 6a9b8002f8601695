namespace Purser.Assistant.Batch;

/// <summary>A repository analysis: every file's outcome, the worst first, averages per language, and the total cost.</summary>
internal sealed record BatchResult
{
    public required string Root { get; init; }

    public required string Repository { get; init; }

    public string Model { get; init; } = "";

    /// <summary>Files that were candidates: analysed, reused, partial, failed or not analysed — lowest score first.</summary>
    public IReadOnlyList<BatchFileResult> Files { get; init; } = [];

    /// <summary>Files left out before any call (binary, too large, not source code …).</summary>
    public IReadOnlyList<BatchFileResult> Skipped { get; init; } = [];

    public IReadOnlyList<LanguageAverage> Languages { get; init; } = [];

    /// <summary>Mean overall score of the scored files (the repository's score for --fail-under); null when none was scored.</summary>
    public double? AverageOverall { get; init; }

    /// <summary>Spent by this run (known prices).</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Files whose cost is unknown (no price for the model).</summary>
    public int UnknownCostFiles { get; init; }

    /// <summary>Why the run stopped early (--max-cost, a failure that would repeat); null when it went through.</summary>
    public string? StoppedBecause { get; init; }

    /// <summary>The run could not start (no model provider configured): nothing was analysed.</summary>
    public string? SetupError { get; init; }

    public double ElapsedSeconds { get; init; }

    public int Count(BatchFileStatus status) => Files.Count(f => f.Status == status);
}
