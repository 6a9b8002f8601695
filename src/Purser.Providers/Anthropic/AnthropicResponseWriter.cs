using System.Buffers;
using System.Text.Json;
using Purser.Chat;

namespace Purser.Providers.Anthropic;

/// <summary>Writes a canonical answer as an Anthropic message object.</summary>
internal static class AnthropicResponseWriter
{
    /// <param name="model">The model name the client should see.</param>
    public static byte[] Write(ChatResponse response, string model)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", AnthropicIds.MessageId(response.Id));
            writer.WriteString("type", "message");
            writer.WriteString("role", "assistant");
            writer.WriteString("model", model);
            writer.WriteStartArray("content");
            bool hasCalls = false;
            foreach (ContentPart part in response.Content)
            {
                switch (part)
                {
                    case TextPart t when t.Text.Length > 0:
                        writer.WriteStartObject();
                        writer.WriteString("type", "text");
                        writer.WriteString("text", t.Text);
                        writer.WriteEndObject();
                        break;
                    case ThinkingPart { RedactedData: { } data }:
                        writer.WriteStartObject();
                        writer.WriteString("type", "redacted_thinking");
                        writer.WriteString("data", data);
                        writer.WriteEndObject();
                        break;
                    case ThinkingPart thinking:
                        writer.WriteStartObject();
                        writer.WriteString("type", "thinking");
                        writer.WriteString("thinking", thinking.Text);
                        writer.WriteString("signature", thinking.Signature ?? ""); // reasoning from another provider has none
                        writer.WriteEndObject();
                        break;
                    case ToolCallPart call:
                        hasCalls = true;
                        writer.WriteStartObject();
                        writer.WriteString("type", "tool_use");
                        writer.WriteString("id", call.Id);
                        writer.WriteString("name", call.Name);
                        writer.WritePropertyName("input");
                        WriteInput(writer, call.Arguments);
                        writer.WriteEndObject();
                        break;
                }
            }

            writer.WriteEndArray();
            writer.WriteString("stop_reason", AnthropicStopReason.ToWire(response.FinishReason, hasCalls));
            if (response.FinishReason == FinishReason.StopSequence && response.StopSequence is not null)
            {
                writer.WriteString("stop_sequence", response.StopSequence);
            }
            else
            {
                writer.WriteNull("stop_sequence");
            }

            AnthropicUsage.Write(writer, response.Usage);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Tool input as a JSON object; arguments another provider sent that are not one are wrapped rather than lost.</summary>
    internal static void WriteInput(Utf8JsonWriter writer, string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                document.RootElement.WriteTo(writer);
                return;
            }
        }
        catch (JsonException)
        {
            // falls through
        }

        writer.WriteStartObject();
        writer.WriteString("_raw_arguments", arguments);
        writer.WriteEndObject();
    }
}
