using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;

namespace Purser.Providers.Responses;

/// <summary>
/// Writes the body of a <c>/v1/responses</c> call to an OpenAI provider that has the Responses API, for a client that
/// spoke it: the client's body with the upstream model and the stream flag set, <c>previous_response_id</c> left out
/// (Purser already put the earlier turns into <c>input</c>), reasoning items Purser wrote from another provider's
/// thinking left out (OpenAI could not resolve them), temperature and max_output_tokens replaced where a stage changed
/// them, and a routing prompt addition appended to <c>instructions</c>.
/// </summary>
internal static class ResponsesRequestWriter
{
    public static byte[] Write(ChatRequest request, string upstreamModel, bool stream, string? systemAddition = null)
    {
        JsonObject raw = request.Raw ?? throw new InvalidOperationException("A Responses passthrough needs the client's body.");
        double? temperature = request.Temperature is double t && !JsonWriting.SameNumber(raw["temperature"], t) ? t : null;
        int? maxTokens = request.MaxTokens is int m && !JsonWriting.SameNumber(raw["max_output_tokens"], m) ? m : null;
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("model", upstreamModel);
            foreach (var (name, value) in raw)
            {
                switch (name)
                {
                    case "model" or "stream" or "previous_response_id" or "instructions":
                        continue;
                    case "temperature" when temperature is not null:
                    case "max_output_tokens" when maxTokens is not null:
                        continue;
                    case "input" when value is JsonArray items:
                        writer.WriteStartArray(name);
                        foreach (JsonNode? item in items)
                        {
                            if (!IsPurserReasoning(item))
                            {
                                WriteNode(writer, item);
                            }
                        }

                        writer.WriteEndArray();
                        continue;
                }

                writer.WritePropertyName(name);
                WriteNode(writer, value);
            }

            string? instructions = raw["instructions"] is JsonValue i && i.GetValueKind() == JsonValueKind.String ? i.GetValue<string>() : null;
            if (systemAddition is not null)
            {
                instructions = string.IsNullOrEmpty(instructions) ? systemAddition : instructions + "\n\n" + systemAddition;
            }

            if (instructions is not null)
            {
                writer.WriteString("instructions", instructions);
            }

            if (temperature is double newTemperature)
            {
                writer.WriteNumber("temperature", newTemperature);
            }

            if (maxTokens is int newMax)
            {
                writer.WriteNumber("max_output_tokens", newMax);
            }

            writer.WriteBoolean("stream", stream);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A reasoning item OpenAI could not take back: one Purser wrote from another provider's thinking (its id, or its
    /// encrypted content, says so; clients such as Codex drop the id), or one with neither an id nor encrypted content.
    /// </summary>
    private static bool IsPurserReasoning(JsonNode? item)
    {
        if (item is not JsonObject o || Text(o["type"]) != "reasoning")
        {
            return false;
        }

        string? id = Text(o["id"]);
        string? encrypted = Text(o["encrypted_content"]);
        return id?.StartsWith(ResponsesIds.ReasoningPrefix, StringComparison.Ordinal) == true
            || encrypted?.StartsWith("purser:", StringComparison.Ordinal) == true
            || (id is null && encrypted is null);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
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
}
