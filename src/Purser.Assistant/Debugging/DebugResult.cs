namespace Purser.Assistant.Debugging;

/// <summary>The root cause of an error and its fix, as read from the <c>debugging</c> prompt's answer.</summary>
internal sealed record DebugResult
{
    public string RootCause { get; init; } = "";

    public string Explanation { get; init; } = "";

    /// <summary>Where the cause is, as the model placed it.</summary>
    public string? File { get; init; }

    public int? Line { get; init; }

    public string FixDescription { get; init; } = "";

    /// <summary>The corrected code, ready to paste.</summary>
    public string FixCode { get; init; } = "";

    /// <summary><c>high</c>, <c>medium</c> or <c>low</c>.</summary>
    public string Confidence { get; init; } = "low";

    public IReadOnlyList<string> Verification { get; init; } = [];

    public IReadOnlyList<string> Prevention { get; init; } = [];

    public IReadOnlyList<string> AlternativeCauses { get; init; } = [];

    public bool Partial { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
