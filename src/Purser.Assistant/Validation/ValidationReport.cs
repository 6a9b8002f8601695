namespace Purser.Assistant.Validation;

/// <summary>The validator's verdict on one file: every check, the findings (by line) and the combined 0-100 score against the threshold.</summary>
internal sealed record ValidationReport
{
    public required string Path { get; init; }

    /// <summary>The language id (<c>csharp</c>, <c>python</c> …), or <c>unknown</c>.</summary>
    public required string Language { get; init; }

    public int Lines { get; init; }

    /// <summary>The weighted score of the checks that ran; null when none ran.</summary>
    public int? Score { get; init; }

    public int Threshold { get; init; }

    /// <summary>The score reached the threshold.</summary>
    public bool Passed { get; init; }

    public required IReadOnlyList<CheckResult> Checks { get; init; }

    /// <summary>Every finding of every check, by line.</summary>
    public required IReadOnlyList<ValidationFinding> Findings { get; init; }

    /// <summary>Names of the checks that did not run although they apply (no checker here): the score leaves them out.</summary>
    public IReadOnlyList<string> NotChecked => [.. Checks.Where(c => c.Status == CheckStatus.NotChecked).Select(c => c.Name)];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int Count(string severity) => Findings.Count(f => f.Severity == severity);
}
