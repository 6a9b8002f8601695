namespace Purser.Assistant.Analysis;

/// <summary>What <see cref="FileAnalysisParser"/> read from a model's answer.</summary>
internal sealed record ParsedAnalysis(
    AnalysisScores Scores,
    string Summary,
    IReadOnlyList<AnalysisIssue> Issues,
    IReadOnlyList<string> Suggestions,
    IReadOnlyList<string> Warnings,
    bool Partial);
