using Purser.Providers.Json;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Purser.Chat;

namespace Purser.Providers.OpenAI;

/// <summary>Writes a canonical answer as an OpenAI chat.completion object.</summary>
internal static class OpenAIResponseWriter
{
    public static byte[] Write(ChatResponse response, string model, long created)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("id", OpenAIIds.CompletionId(response.Id));
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", response.Created > 0 ? response.Created : created);
            writer.WriteString("model", model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            var text = new StringBuilder();
            var thinking = new StringBuilder();
            foreach (ContentPart part in response.Content)
            {
                if (part is TextPart t)
                {
                    text.Append(t.Text);
                }
                else if (part is ThinkingPart th)
                {
                    thinking.Append(th.Text);
                }
            }

            bool hasCalls = response.Content.Any(p => p is ToolCallPart);
            if (text.Length == 0 && hasCalls)
            {
                writer.WriteNull("content");
            }
            else
            {
                writer.WriteString("content", text.ToString());
            }

            if (response.FinishReason == FinishReason.Refusal)
            {
                writer.WriteString("refusal", text.ToString());
            }
            else
            {
                writer.WriteNull("refusal");
            }

            if (thinking.Length > 0)
            {
                // Not part of OpenAI's schema; the name DeepSeek and OpenRouter use, ignored by clients that don't know it.
                writer.WriteString("reasoning_content", thinking.ToString());
            }

            if (hasCalls)
            {
                writer.WriteStartArray("tool_calls");
                foreach (ContentPart part in response.Content)
                {
                    if (part is ToolCallPart call)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", call.Id);
                        writer.WriteString("type", "function");
                        writer.WriteStartObject("function");
                        writer.WriteString("name", call.Name);
                        writer.WriteString("arguments", call.Arguments.Length == 0 ? "{}" : call.Arguments);
                        writer.WriteEndObject();
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", OpenAIFinishReason.ToWire(response.FinishReason));
            writer.WriteEndObject();
            writer.WriteEndArray();
            OpenAIUsage.Write(writer, response.Usage);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
