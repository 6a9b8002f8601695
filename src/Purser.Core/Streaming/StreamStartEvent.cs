namespace Purser.Streaming;

/// <summary>The answer begins (OpenAI's first chunk, Anthropic message_start).</summary>
internal sealed class StreamStartEvent(string id, string model) : StreamEvent
{
    public string Id { get; } = id;

    public string Model { get; } = model;
}
