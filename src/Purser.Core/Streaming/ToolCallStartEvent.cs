namespace Purser.Streaming;

/// <summary>A tool call begins. <see cref="Index"/> numbers tool calls within the answer from 0.</summary>
internal sealed class ToolCallStartEvent(int index, string id, string name) : StreamEvent
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    public string Name { get; } = name;
}
