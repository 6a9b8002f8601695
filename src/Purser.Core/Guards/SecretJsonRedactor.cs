using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Guards;

/// <summary>
/// Scans (and optionally redacts) every string value of a JSON tree, such as the raw request body the
/// gateway keeps for passthrough. Identifiers, signatures, encrypted reasoning and binary data are
/// skipped: they are not prompt text and changing them would break the request.
/// </summary>
internal static class SecretJsonRedactor
{
    // Properties whose string values are protocol data, not prompt text.
    private static readonly HashSet<string> SkippedProperties = new(StringComparer.Ordinal)
    {
        "id", "tool_call_id", "tool_use_id", "call_id", "model", "role", "type", "object", "signature",
        "thoughtSignature", "thought_signature", "encrypted_content", "data", "media_type", "mime_type", "mimeType",
    };

    public static List<SecretFinding> Walk(JsonNode root, SecretScanner scanner, bool redact)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root is JsonValue)
        {
            throw new ArgumentException("The root must be a JSON object or array; guard a single string with SecretScanner.", nameof(root));
        }

        var pieces = new SecretPieces();
        if (root is JsonObject body && !IsReasoningBlock(body) && TopLevelSystem(body) is { } system)
        {
            // Reading order, whatever the property order: the system prompt comes before the messages, so a secret cut
            // between the end of the system prompt and the first message meets itself in the seam.
            CollectValue(body[system]!, system, pieces, owner: null);
            Collect(body, pieces, owner: null, skip: system);
        }
        else
        {
            Collect(root, pieces, owner: null);
        }

        return pieces.Apply(scanner, redact);
    }

    // Anthropic's "system", Gemini's "systemInstruction" or the Responses API's "instructions", when present.
    private static string? TopLevelSystem(JsonObject body)
    {
        foreach (string name in (ReadOnlySpan<string>)["system", "systemInstruction", "instructions"])
        {
            if (body[name] is not null)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// Adds the prompt strings of a JSON tree to <paramref name="pieces"/>, in document order: every string value but
    /// ids, signatures, binary data, data URIs and reasoning blocks. OpenAI tool-call <c>arguments</c> (JSON text) are
    /// parsed and their values added one by one, so an escaped <c>\u002B</c> or <c>\n</c> neither hides a secret nor
    /// gets cut in half by a placeholder, which would leave invalid JSON.
    /// </summary>
    public static void Collect(JsonNode node, SecretPieces pieces, JsonTextOwner? owner, string? skip = null)
    {
        switch (node)
        {
            case JsonObject obj:
                if (IsReasoningBlock(obj))
                {
                    return;
                }

                foreach ((string name, JsonNode? child) in obj)
                {
                    if (child is not null && !SkippedProperties.Contains(name) && name != skip)
                    {
                        CollectValue(child, name, pieces, owner);
                    }
                }

                break;

            case JsonArray array:
                foreach (JsonNode? child in array)
                {
                    if (child is not null)
                    {
                        CollectValue(child, null, pieces, owner);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Adds JSON text (tool-call arguments) value by value when it parses as an object or array, and returns true;
    /// false when it is not such JSON (guard it as text then). <paramref name="target"/> receives the re-serialised
    /// text when a value is redacted.
    /// </summary>
    public static bool TryCollectJsonText(string text, PieceTarget target, SecretPieces pieces)
    {
        if (!text.AsSpan().TrimStart().StartsWith("{") && !text.AsSpan().TrimStart().StartsWith("["))
        {
            return false;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return false;
        }

        if (root is not (JsonObject or JsonArray))
        {
            return false;
        }

        var owner = new JsonTextOwner(root, target);
        Collect(root, pieces, owner);
        pieces.AddOwner(owner); // after the owners nested in it, so they are re-serialised first
        return true;
    }

    private static void CollectValue(JsonNode child, string? name, SecretPieces pieces, JsonTextOwner? owner)
    {
        if (child is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            Collect(child, pieces, owner);
            return;
        }

        string text = value.GetValue<string>();
        if (text.StartsWith("data:", StringComparison.Ordinal))
        {
            return; // a data URI: an image or file, not text
        }

        if (name == "arguments" && TryCollectJsonText(text, new PieceTarget(child, null, null, owner), pieces))
        {
            return;
        }

        pieces.AddJsonValue(child, text, name, owner);
    }

    // Anthropic thinking / redacted_thinking blocks and Gemini thought parts are signed model output.
    private static bool IsReasoningBlock(JsonObject obj)
    {
        if (obj.TryGetPropertyValue("type", out JsonNode? type) && type is JsonValue t && t.GetValueKind() == JsonValueKind.String)
        {
            string kind = t.GetValue<string>();
            if (kind is "thinking" or "redacted_thinking" or "reasoning")
            {
                return true;
            }
        }

        return obj.TryGetPropertyValue("thought", out JsonNode? thought) && thought is JsonValue v && v.GetValueKind() == JsonValueKind.True;
    }
}
