using System.Text.Json.Nodes;

namespace Purser.Chat;

/// <summary>A function the model may call, with its JSON Schema.</summary>
internal sealed class ToolDefinition(string name, string? description, JsonNode? parameters)
{
    public string Name { get; } = name;

    public string? Description { get; } = description;

    /// <summary>JSON Schema of the arguments; null means no arguments.</summary>
    public JsonNode? Parameters { get; } = parameters;

    /// <summary>OpenAI structured-outputs strict flag.</summary>
    public bool? Strict { get; init; }
}
