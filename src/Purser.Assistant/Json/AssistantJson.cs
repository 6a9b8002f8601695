using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Purser.Assistant.Json;

/// <summary>Writes the assistant's JSON (--json, SARIF, the HTTP API) indented, snake_case, with quotes and apostrophes left readable.</summary>
internal static class AssistantJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = AssistantJsonContext.Default,
    };

    private static readonly JsonSerializerOptions NodeOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));

    public static string Write(JsonNode? node) => node?.ToJsonString(NodeOptions) ?? "null";
}
