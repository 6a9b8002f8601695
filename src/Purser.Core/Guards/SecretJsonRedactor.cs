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
                    if (TryGuardString(child, scanner, redact, path, findings, out string? redacted))
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
