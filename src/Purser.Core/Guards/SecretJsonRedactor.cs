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

        var findings = new List<SecretFinding>();
        var path = new List<string>();
        Visit(root, scanner, redact, path, findings);
        return findings;
    }

    private static void Visit(JsonNode node, SecretScanner scanner, bool redact, List<string> path, List<SecretFinding> findings)
    {
        switch (node)
        {
            case JsonObject obj:
                if (IsReasoningBlock(obj))
                {
                    return;
                }

                List<(string Name, string Text)>? objectEdits = null;
                foreach ((string name, JsonNode? child) in obj)
                {
                    if (child is null || SkippedProperties.Contains(name))
                    {
                        continue;
                    }

                    path.Add(path.Count == 0 ? name : "." + name);
                    if (name == "arguments" && child is JsonValue arguments && arguments.GetValueKind() == JsonValueKind.String &&
                        TryGuardJsonText(arguments.GetValue<string>(), scanner, redact, string.Concat(path), findings, out string? redactedArguments))
                    {
                        // OpenAI tool-call arguments: JSON text, guarded value by value.
                        if (redactedArguments is not null)
                        {
                            (objectEdits ??= []).Add((name, redactedArguments));
                        }
                    }
                    else if (TryGuardString(child, scanner, redact, path, findings, out string? redacted))
                    {
                        (objectEdits ??= []).Add((name, redacted));
                    }
                    else
                    {
                        Visit(child, scanner, redact, path, findings);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                foreach ((string name, string text) in objectEdits ?? [])
                {
                    obj[name] = JsonValue.Create(text);
                }

                break;

            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    JsonNode? child = array[i];
                    if (child is null)
                    {
                        continue;
                    }

                    path.Add("[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
                    if (TryGuardString(child, scanner, redact, path, findings, out string? redacted))
                    {
                        array[i] = JsonValue.Create(redacted);
                    }
                    else
                    {
                        Visit(child, scanner, redact, path, findings);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
        }
    }

    /// <summary>
    /// Guards JSON text such as tool-call arguments: when it parses as an object or array, its string values are
    /// scanned unescaped (an escaped <c>\u002B</c> or <c>\n</c> neither hides a secret nor gets cut in half by a
    /// placeholder, which would leave invalid JSON). Returns false when the text is not such JSON (scan it as
    /// text then); <paramref name="redacted"/> is the re-serialised JSON when redaction changed it, else null.
    /// </summary>
    public static bool TryGuardJsonText(string text, SecretScanner scanner, bool redact, string path, List<SecretFinding> findings, out string? redacted)
    {
        redacted = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return false;
        }

        if (node is not (JsonObject or JsonArray))
        {
            return false;
        }

        List<SecretFinding> found = Walk(node, scanner, redact);
        foreach (SecretFinding f in found)
        {
            findings.Add(f with { Path = path + (f.Path?.StartsWith('[') == true ? "" : ".") + f.Path });
        }

        if (redact && found.Count > 0)
        {
            redacted = node.ToJsonString();
        }

        return true;
    }

    // Returns true with the replacement text when a string value held secrets and redaction is on.
    private static bool TryGuardString(JsonNode node, SecretScanner scanner, bool redact, List<string> path, List<SecretFinding> findings, out string redacted)
    {
        redacted = "";
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        string text = value.GetValue<string>();
        if (text.StartsWith("data:", StringComparison.Ordinal))
        {
            return false; // a data URI: an image or file, not text
        }

        IReadOnlyList<SecretFinding> found = scanner.Scan(text);
        if (found.Count == 0)
        {
            return false;
        }

        string where = string.Concat(path);
        foreach (SecretFinding f in found)
        {
            findings.Add(f with { Path = where });
        }

        if (!redact)
        {
            return false;
        }

        redacted = SecretScanner.Redact(text, found);
        return true;
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
