namespace Purser.Assistant.Review;

/// <summary>One review finding.</summary>
internal sealed record ReviewFinding
{
    /// <summary>The file it is in; null when the model did not say and the part had several files.</summary>
    public string? File { get; init; }

    public int? Line { get; init; }

    public int? EndLine { get; init; }

    /// <summary><c>error</c>, <c>warning</c> or <c>note</c>.</summary>
    public string Severity { get; init; } = "warning";

    public string Category { get; init; } = "maintainability";

    public string Title { get; init; } = "";

    public string Message { get; init; } = "";

    public string Suggestion { get; init; } = "";
}
