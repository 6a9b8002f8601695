using Purser.Assistant.Calls;
using Purser.Assistant.Limits;

namespace Purser.Assistant.Analysis;

/// <summary>What happened to one file: analysed (possibly partially), refused before any call (binary, too large, language), or the call failed.</summary>
internal sealed record FileAnalysisOutcome
{
    public FileAnalysis? Analysis { get; init; }

    /// <summary>Refused before calling a model: nothing was spent.</summary>
    public LimitViolation? Refusal { get; init; }

    /// <summary>The model call failed (no provider, budget, upstream error).</summary>
    public AssistantError? Error { get; init; }

    /// <summary>What the failed call cost (attempts that were billed), when it failed.</summary>
    public decimal? FailedCostUsd { get; init; }
}
