using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Buffers;

namespace Purser.Providers.Json;

/// <summary>Writer settings for every body Purser writes: JSON APIs, so apostrophes and non-ASCII stay readable.</summary>
internal static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    /// <summary>Whether a raw body's field holds <paramref name="value"/> (so a passthrough can keep the client's bytes).</summary>
    public static bool SameNumber(JsonNode? node, double value) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double number) && number == value;

    /// <summary>
    /// Writes a node as <see cref="JsonNode.WriteTo"/> would, without its large buffers: a value still read from the
    /// request body is copied as the client's own bytes (no unescaping and escaping again, which rents six bytes per
    /// byte of a string), and a long string made here (a redaction, a translation) is written in segments.
    /// </summary>
    public static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    writer.WritePropertyName(name);
                    WriteNode(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (JsonNode? item in array)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue(out JsonElement element):
                // Valid JSON already: the body was parsed and checked whole.
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue(out string? text) && text.Length > JsonStrings.SegmentChars:
                JsonStrings.WriteValue(writer, text);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
