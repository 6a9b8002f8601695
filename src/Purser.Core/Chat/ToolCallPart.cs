namespace Purser.Chat;

/// <summary>A call the assistant made to a tool. <see cref="Arguments"/> is JSON text.</summary>
internal sealed class ToolCallPart(string id, string name, string arguments) : ContentPart
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string Arguments { get; set; } = arguments;
}
