namespace Purser.Assistant.Validation;

/// <summary>A validation of a file or a folder: one report per file, what was left out, and the totals.</summary>
internal sealed record ValidationRun
{
    public required string Path { get; init; }

    public int Threshold { get; init; }

    public required IReadOnlyList<ValidationReport> Files { get; init; }

    public IReadOnlyList<UnvalidatedFile> Skipped { get; init; } = [];

    /// <summary>The line-weighted mean score of the files that have one; null when none has.</summary>
    public int? Score => ValidationScoring.LineWeighted(Files);

    /// <summary>The lowest score of any file (what <c>--fail-under</c> compares); null when none has one.</summary>
    public int? Lowest => Files.Where(f => f.Score is not null).Select(f => f.Score).Min();

    public int Passed => Files.Count(f => f.Passed);

    public int Failed => Files.Count(f => !f.Passed);

    public double ElapsedMs { get; init; }

    /// <summary>What the cross-model reviews cost (0 when none ran; null when a price is unknown).</summary>
    public decimal? CostUsd { get; init; } = 0m;
}
