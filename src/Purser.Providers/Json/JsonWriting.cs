using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Providers.Json;

/// <summary>Writer settings for every body Purser writes: JSON APIs, so apostrophes and non-ASCII stay readable.</summary>
public static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    /// <summary>Writes a node of a parsed body as it is (a JSON null for a null node).</summary>
    public static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>Whether a raw body's field holds <paramref name="value"/> (so a passthrough can keep the client's bytes).</summary>
    public static bool SameNumber(JsonNode? node, double value) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double number) && number == value;
}
