namespace Purser.Assistant.Analysis;

/// <summary>One problem the model found in a file.</summary>
internal sealed record AnalysisIssue
{
    /// <summary>1-based line, when the issue is tied to one.</summary>
    public int? Line { get; init; }

    /// <summary><c>error</c>, <c>warning</c> or <c>note</c>.</summary>
    public string Severity { get; init; } = "warning";

    /// <summary>security, bug, performance, error-handling, concurrency, complexity, maintainability, style, documentation, testing (or what the model said).</summary>
    public string Category { get; init; } = "maintainability";

    public string Message { get; init; } = "";
}
