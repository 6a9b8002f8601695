using System.Text.Json;

namespace Purser.Providers.Gemini;

/// <summary>Reads the parts of a Gemini candidate, for the answer reader and the stream parser alike.</summary>
internal static class GeminiParts
{
    /// <summary>A candidate's parts; none when it has no content or no parts (a finish without output).</summary>
    /// <exception cref="JsonException">content is not an object or parts is not an array: not Gemini's protocol.</exception>
    public static IEnumerable<JsonElement> Of(JsonElement candidate)
    {
        if (!candidate.TryGetProperty("content", out JsonElement content) || content.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (content.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The candidate's content is not an object.");
        }

        if (!content.TryGetProperty("parts", out JsonElement parts) || parts.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return parts.ValueKind == JsonValueKind.Array
            ? parts.EnumerateArray()
            : throw new JsonException("The candidate's content.parts is not an array.");
    }

    /// <summary>The first candidate, if the answer has one.</summary>
    public static bool TryGetCandidate(JsonElement root, out JsonElement candidate)
    {
        if (root.TryGetProperty("candidates", out JsonElement candidates) && candidates.ValueKind == JsonValueKind.Array && candidates.GetArrayLength() > 0)
        {
            candidate = candidates[0];
            return candidate.ValueKind == JsonValueKind.Object;
        }

        candidate = default;
        return false;
    }

    /// <summary>A text part's text and whether it is a thought; false for other parts.</summary>
    public static bool TryGetText(JsonElement part, out string text, out bool thought)
    {
        thought = part.TryGetProperty("thought", out JsonElement t) && t.ValueKind == JsonValueKind.True;
        if (part.TryGetProperty("text", out JsonElement value) && value.ValueKind == JsonValueKind.String)
        {
            text = value.GetString()!;
            return true;
        }

        text = "";
        return false;
    }

    /// <summary>
    /// A function call part as a canonical tool call: its id (Gemini's, or a new one) carrying the part's thought
    /// signature, its name, and its arguments as JSON text.
    /// </summary>
    public static bool TryGetCall(JsonElement part, out string id, out string name, out string arguments)
    {
        if (!part.TryGetProperty("functionCall", out JsonElement call) || call.ValueKind != JsonValueKind.Object)
        {
            id = name = arguments = "";
            return false;
        }

        string plainId = call.TryGetProperty("id", out JsonElement i) && i.ValueKind == JsonValueKind.String && i.GetString() is { Length: > 0 } given
            ? given
            : GeminiToolCallIds.New();
        string? signature = part.TryGetProperty("thoughtSignature", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        id = GeminiToolCallIds.Compose(plainId, signature);
        name = call.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        arguments = call.TryGetProperty("args", out JsonElement args) && args.ValueKind == JsonValueKind.Object ? args.GetRawText() : "{}";
        return true;
    }

    /// <summary>The candidate's finishReason, or null while it has not finished.</summary>
    public static string? FinishReasonOf(JsonElement candidate) =>
        candidate.TryGetProperty("finishReason", out JsonElement finish) && finish.ValueKind == JsonValueKind.String ? finish.GetString() : null;

    /// <summary>promptFeedback.blockReason, when the prompt itself was blocked.</summary>
    public static string? BlockReasonOf(JsonElement root) =>
        root.TryGetProperty("promptFeedback", out JsonElement feedback) && feedback.ValueKind == JsonValueKind.Object
        && feedback.TryGetProperty("blockReason", out JsonElement reason) && reason.ValueKind == JsonValueKind.String
            ? reason.GetString()
            : null;

    public static string StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
