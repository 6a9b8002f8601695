using System.Buffers;
using System.Text.Json;
using Purser.Chat;
using Purser.Providers.Json;
using Purser.Usage;

namespace Purser.Providers.Gemini;

/// <summary>
/// Writes a canonical answer as a Gemini <c>GenerateContentResponse</c>: one candidate whose parts are the text,
/// the reasoning (text parts marked <c>thought</c>, an Anthropic signature as their <c>thoughtSignature</c>) and the
/// function calls (with the upstream's call id, which Gemini clients send back with the function's response).
/// </summary>
internal static class GeminiResponseWriter
{
    /// <param name="model">The model name the client should see (modelVersion).</param>
    public static byte[] Write(ChatResponse response, string model)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            WriteResponse(writer, w =>
            {
                foreach (ContentPart part in response.Content)
                {
                    WritePart(w, part);
                }
            }, FinishReasonOf(response.FinishReason), response.Usage, model, response.Id);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A GenerateContentResponse with one candidate (a whole answer, or one piece of a stream).</summary>
    internal static void WriteResponse(Utf8JsonWriter writer, Action<Utf8JsonWriter>? parts, string? finishReason, TokenUsage? usage, string model, string id)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("candidates");
        writer.WriteStartObject();
        writer.WriteStartObject("content");
        writer.WriteString("role", "model");
        writer.WriteStartArray("parts");
        parts?.Invoke(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
        if (finishReason is not null)
        {
            writer.WriteString("finishReason", finishReason);
        }

        writer.WriteNumber("index", 0);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (usage is TokenUsage u)
        {
            WriteUsage(writer, u);
        }

        writer.WriteString("modelVersion", model);
        writer.WriteString("responseId", id);
        writer.WriteEndObject();
    }

    /// <summary>One part: text, a thought, or a function call; nothing for reasoning Gemini clients cannot read.</summary>
    internal static void WritePart(Utf8JsonWriter writer, ContentPart part)
    {
        switch (part)
        {
            case TextPart t when t.Text.Length > 0:
                writer.WriteStartObject();
                writer.WriteString("text", t.Text);
                writer.WriteEndObject();
                break;
            case ThinkingPart { RedactedData: null } thinking when thinking.Text.Length > 0 || !string.IsNullOrEmpty(thinking.Signature):
                WriteThought(writer, thinking.Text, thinking.Signature);
                break;
            case ToolCallPart call:
                WriteCall(writer, call.Id, call.Name, call.Arguments);
                break;
        }
    }

    internal static void WriteThought(Utf8JsonWriter writer, string text, string? signature)
    {
        writer.WriteStartObject();
        writer.WriteString("text", text);
        writer.WriteBoolean("thought", true);
        if (!string.IsNullOrEmpty(signature))
        {
            writer.WriteString("thoughtSignature", signature);
        }

        writer.WriteEndObject();
    }

    internal static void WriteCall(Utf8JsonWriter writer, string id, string name, string arguments)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("functionCall");
        writer.WriteString("id", GeminiToolCallIds.Strip(id));
        writer.WriteString("name", name);
        writer.WritePropertyName("args");
        Anthropic.AnthropicResponseWriter.WriteInput(writer, arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Gemini's Candidate.FinishReason for a canonical one.</summary>
    internal static string FinishReasonOf(FinishReason reason) => reason switch
    {
        FinishReason.Stop or FinishReason.ToolCalls or FinishReason.StopSequence => "STOP",
        FinishReason.Length => "MAX_TOKENS",
        FinishReason.ContentFilter or FinishReason.Refusal => "SAFETY",
        _ => "OTHER",
    };

    /// <summary>usageMetadata: thoughts are counted apart from the candidates (canonical output includes them).</summary>
    internal static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usageMetadata");
        writer.WriteNumber("promptTokenCount", usage.InputTokens);
        writer.WriteNumber("candidatesTokenCount", Math.Max(0, usage.OutputTokens - usage.ReasoningTokens));
        writer.WriteNumber("totalTokenCount", usage.InputTokens + usage.OutputTokens);
        if (usage.CachedInputTokens > 0)
        {
            writer.WriteNumber("cachedContentTokenCount", usage.CachedInputTokens);
        }

        if (usage.ReasoningTokens > 0)
        {
            writer.WriteNumber("thoughtsTokenCount", usage.ReasoningTokens);
        }

        writer.WriteEndObject();
    }
}
