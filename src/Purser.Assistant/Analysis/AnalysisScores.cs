namespace Purser.Assistant.Analysis;

/// <summary>The 0-100 scores of a file (higher is better); null where the model gave none.</summary>
internal sealed record AnalysisScores
{
    public int? Overall { get; init; }

    public int? Security { get; init; }

    public int? Quality { get; init; }

    /// <summary>High means simple.</summary>
    public int? Complexity { get; init; }

    public int? Maintainability { get; init; }

    public bool IsComplete => Overall is not null && Security is not null && Quality is not null && Complexity is not null && Maintainability is not null;
}
