namespace Purser.Assistant.Analysis;

/// <summary>How to analyse a file.</summary>
internal sealed record FileAnalysisRequest
{
    /// <summary>The model to use (null: the default-model rule).</summary>
    public string? Model { get; init; }

    /// <summary>Ask the model even when the analysis store has an answer for this content.</summary>
    public bool Force { get; init; }

    /// <summary><c>cli</c> or <c>api</c>, recorded in the ledger.</summary>
    public string Origin { get; init; } = "cli";

    /// <summary>The repository root folder the file belongs to, if any (the analysis store files it under it).</summary>
    public string? Repository { get; init; }

    /// <summary>The repository's name for the ledger (default: <see cref="Repository"/>).</summary>
    public string? RepositoryName { get; init; }
}
