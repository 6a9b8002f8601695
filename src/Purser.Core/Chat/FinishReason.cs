namespace Purser.Chat;

/// <summary>Why the model stopped, in the canonical vocabulary.</summary>
internal enum FinishReason
{
    /// <summary>Natural end of the turn.</summary>
    Stop,

    /// <summary>Hit the max-tokens limit.</summary>
    Length,

    /// <summary>The model called tools and waits for their results.</summary>
    ToolCalls,

    /// <summary>A stop sequence was produced.</summary>
    StopSequence,

    /// <summary>Blocked by the provider's safety filter.</summary>
    ContentFilter,

    /// <summary>The model declined (Anthropic "refusal").</summary>
    Refusal,

    /// <summary>The upstream stopped for a reason Purser does not know (or did not say).</summary>
    Other,
}
