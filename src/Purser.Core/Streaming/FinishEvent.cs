using Purser.Chat;

namespace Purser.Streaming;

/// <summary>The model stopped.</summary>
internal sealed class FinishEvent(FinishReason reason, string? stopSequence = null) : StreamEvent
{
    public FinishReason Reason { get; } = reason;

    public string? StopSequence { get; } = stopSequence;
}
