namespace Purser.Assistant.Analysis;

/// <summary>The analysis of one file (<c>purser analyze file</c>, one row of <c>purser analyze repo</c>).</summary>
internal sealed record FileAnalysis
{
    /// <summary>The path shown (relative to the repository root in a batch, as given otherwise).</summary>
    public required string Path { get; init; }

    /// <summary>Language id (<c>python</c>) or <c>unknown</c>.</summary>
    public string Language { get; init; } = "unknown";

    public int Lines { get; init; }

    public long Bytes { get; init; }

    /// <summary>SHA-256 of the file's bytes.</summary>
    public string ContentHash { get; init; } = "";

    public AnalysisScores Scores { get; init; } = new();

    public string Summary { get; init; } = "";

    public IReadOnlyList<AnalysisIssue> Issues { get; init; } = [];

    public IReadOnlyList<string> Suggestions { get; init; } = [];

    /// <summary>The answer lacked something (scores, JSON): the result holds what could be read.</summary>
    public bool Partial { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The model (or alias) asked.</summary>
    public string Model { get; init; } = "";

    /// <summary>The deployment that answered, <c>provider/model</c>.</summary>
    public string? ServedBy { get; init; }

    public string PromptVersion { get; init; } = "";

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>What this analysis cost now: $0 when it came from the analysis store; null when the price is unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Answered from the analysis store (same content, prompt version and model as before), at no cost.</summary>
    public bool FromStore { get; init; }

    /// <summary>When the model produced this analysis.</summary>
    public DateTimeOffset AnalyzedAt { get; init; }

    public string? RequestId { get; init; }

    public int CountBySeverity(string severity) => Issues.Count(i => string.Equals(i.Severity, severity, StringComparison.Ordinal));
}
