using Purser.Streaming;

namespace Purser.Providers.Sse;

/// <summary>Turns one upstream server-sent event into a chunk of canonical events. Stateful, one per stream.</summary>
internal interface IStreamParser
{
    /// <exception cref="System.Text.Json.JsonException">The event's data is not what the protocol says.</exception>
    StreamChunk Parse(SseEvent sseEvent);

    /// <summary>Whether the protocol's end of stream has been seen (OpenAI [DONE], Anthropic message_stop, Gemini's last candidate).</summary>
    bool IsComplete { get; }
}
