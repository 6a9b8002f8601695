using Purser.Usage;

namespace Purser.Streaming;

/// <summary>Usage so far, normalised and cumulative: the last one seen is the answer's usage.</summary>
internal sealed class UsageEvent(TokenUsage usage) : StreamEvent
{
    public TokenUsage Usage { get; } = usage;

    /// <summary>
    /// The output count is a placeholder, not yet a count (Anthropic's message_start carries <c>output_tokens: 1</c>
    /// until message_delta reports the real figure). A stream that ends on such usage has its output counted locally.
    /// </summary>
    public bool OutputIsPlaceholder { get; init; }
}
