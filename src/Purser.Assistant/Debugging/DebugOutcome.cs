using Purser.Assistant.Calls;
using Purser.Assistant.Limits;

namespace Purser.Assistant.Debugging;

/// <summary>A debugging answer with its call, or why there is none.</summary>
internal sealed record DebugOutcome
{
    public DebugResult? Result { get; init; }

    public AssistantCall? Call { get; init; }

    public LimitViolation? Refusal { get; init; }

    public AssistantError? Error => Call is { Succeeded: false } failed ? failed.Error : null;
}
