namespace Purser.Streaming;

/// <summary>More JSON text of a tool call's arguments.</summary>
internal sealed class ToolCallDeltaEvent(int index, string argumentsDelta) : StreamEvent
{
    public int Index { get; } = index;

    public string ArgumentsDelta { get; } = argumentsDelta;
}
