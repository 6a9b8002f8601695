using Purser.Assistant.Calls;
using Purser.Assistant.Limits;

namespace Purser.Assistant.Review;

/// <summary>A review, or why there is none.</summary>
internal sealed record ReviewOutcome
{
    public ReviewResult? Result { get; init; }

    public AssistantError? Error { get; init; }

    public LimitViolation? Refusal { get; init; }
}
