using System.Text.Json;
using Purser.Chat;

namespace Purser.Providers.Gemini;

/// <summary>
/// Parses a Gemini GenerateContentResponse (its first candidate) into canonical form. Text parts become text, parts
/// marked <c>thought</c> become thinking, function calls become tool calls (see <see cref="GeminiToolCallIds"/> for
/// their ids). A prompt Gemini blocked (promptFeedback.blockReason, no candidates) is an empty answer that finished
/// with <see cref="FinishReason.ContentFilter"/>, not an error.
/// </summary>
internal static class GeminiResponseReader
{
    /// <exception cref="JsonException">The body is not a GenerateContentResponse.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The answer is not a JSON object.");
        }

        var response = new ChatResponse
        {
            Id = GeminiParts.StringOf(root, "responseId"),
            Model = GeminiParts.StringOf(root, "modelVersion"),
        };
        if (root.TryGetProperty("usageMetadata", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = GeminiUsage.Read(usage);
        }

        if (!GeminiParts.TryGetCandidate(root, out JsonElement candidate))
        {
            string? blocked = GeminiParts.BlockReasonOf(root);
            if (blocked is null && !root.TryGetProperty("promptFeedback", out _))
            {
                throw new JsonException("The answer has neither candidates nor promptFeedback.");
            }

            response.FinishReason = GeminiFinishReason.ForBlockedPrompt(blocked);
            return response;
        }

        bool calledTools = false;
        foreach (JsonElement part in GeminiParts.Of(candidate))
        {
            if (GeminiParts.TryGetCall(part, out string id, out string name, out string arguments))
            {
                calledTools = true;
                response.Content.Add(new ToolCallPart(id, name, arguments));
            }
            else if (GeminiParts.TryGetText(part, out string text, out bool thought) && text.Length > 0)
            {
                AddText(response.Content, text, thought);
            }
        }

        response.FinishReason = GeminiFinishReason.Parse(GeminiParts.FinishReasonOf(candidate), calledTools);
        return response;
    }

    /// <summary>Gemini may split text over several parts: adjacent ones are joined.</summary>
    private static void AddText(List<ContentPart> content, string text, bool thought)
    {
        ContentPart? last = content.Count > 0 ? content[^1] : null;
        if (thought)
        {
            if (last is ThinkingPart thinking)
            {
                thinking.Text += text;
            }
            else
            {
                content.Add(new ThinkingPart(text));
            }
        }
        else if (last is TextPart previous)
        {
            previous.Text += text;
        }
        else
        {
            content.Add(new TextPart(text));
        }
    }
}
