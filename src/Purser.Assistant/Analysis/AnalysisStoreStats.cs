namespace Purser.Assistant.Analysis;

/// <summary>What the analysis store holds.</summary>
internal sealed record AnalysisStoreStats
{
    /// <summary>Analyses recorded (every run, reused ones excluded).</summary>
    public long Analyses { get; init; }

    /// <summary>Distinct files analysed.</summary>
    public long Files { get; init; }

    /// <summary>Mean of the latest overall score of each file; null when there is none.</summary>
    public double? AverageOverall { get; init; }

    /// <summary>What the stored analyses cost when they were made.</summary>
    public decimal CostUsd { get; init; }
}
