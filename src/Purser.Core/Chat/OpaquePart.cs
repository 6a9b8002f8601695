using System.Text.Json.Nodes;

namespace Purser.Chat;

/// <summary>
/// Content Purser passes through untouched to a same-protocol upstream but cannot translate to another one
/// (OpenAI input_audio or file parts, Anthropic document or server-tool blocks, ...). Writers for another
/// protocol refuse it with a 400 naming <see cref="Type"/>.
/// </summary>
internal sealed class OpaquePart(string type, JsonNode? json, WireProtocol origin) : ContentPart
{
    public string Type { get; } = type;

    public JsonNode? Json { get; } = json;

    public WireProtocol Origin { get; } = origin;
}
