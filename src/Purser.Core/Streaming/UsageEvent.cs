using Purser.Usage;

namespace Purser.Streaming;

/// <summary>Usage so far, normalised and cumulative: the last one seen is the answer's usage.</summary>
public sealed class UsageEvent(TokenUsage usage) : StreamEvent
{
    public TokenUsage Usage { get; } = usage;
}
