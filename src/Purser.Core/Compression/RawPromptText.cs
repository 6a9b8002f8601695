using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;

namespace Purser.Compression;

/// <summary>
/// Rewrites the prompt text of a raw request body in place — OpenAI messages and system/developer messages, Responses
/// instructions, input messages and tool outputs, Anthropic system and message text blocks and tool results, Gemini
/// systemInstruction and user text parts — so a same-protocol passthrough carries the
/// same text as the canonical request after a rewriting stage (compression). Ids, images, tool arguments and
/// reasoning are never touched.
/// </summary>
internal static class RawPromptText
{
    public static void Rewrite(JsonObject raw, WireProtocol protocol, Func<string, string> rewrite)
    {
        if (protocol == WireProtocol.OpenAIResponses)
        {
            RewriteResponses(raw, rewrite);
            return;
        }

        if (protocol == WireProtocol.Gemini)
        {
            RewriteGemini(raw, rewrite);
            return;
        }

        if (protocol == WireProtocol.AnthropicMessages)
        {
            RewriteContent(raw, "system", rewrite);
        }

        if (raw["messages"] is not JsonArray messages)
        {
            return;
        }

        foreach (JsonNode? message in messages)
        {
            if (message is JsonObject m && m["role"]?.GetValueKind() == JsonValueKind.String && m["role"]!.GetValue<string>() != "assistant")
            {
                RewriteContent(m, "content", rewrite);
            }
        }
    }

    /// <summary>OpenAI Responses: instructions, and the input's non-assistant messages and tool outputs.</summary>
    private static void RewriteResponses(JsonObject raw, Func<string, string> rewrite)
    {
        if (raw["instructions"]?.GetValueKind() == JsonValueKind.String)
        {
            raw["instructions"] = rewrite(raw["instructions"]!.GetValue<string>());
        }

        if (raw["input"]?.GetValueKind() == JsonValueKind.String)
        {
            raw["input"] = rewrite(raw["input"]!.GetValue<string>());
            return;
        }

        foreach (JsonNode? item in raw["input"] as JsonArray ?? [])
        {
            if (item is not JsonObject i)
            {
                continue;
            }

            string? type = i["type"]?.GetValueKind() == JsonValueKind.String ? i["type"]!.GetValue<string>() : null;
            string? role = i["role"]?.GetValueKind() == JsonValueKind.String ? i["role"]!.GetValue<string>() : null;
            if (type is null or "message" && role is not null and not "assistant")
            {
                RewriteContent(i, "content", rewrite);
            }
            else if (type is "function_call_output" or "custom_tool_call_output")
            {
                RewriteContent(i, "output", rewrite);
            }
        }
    }

    /// <summary>Gemini: the text parts of systemInstruction and of user turns (thoughts are never touched).</summary>
    private static void RewriteGemini(JsonObject raw, Func<string, string> rewrite)
    {
        RewriteParts(raw["systemInstruction"] ?? raw["system_instruction"], rewrite);
        if (raw["contents"] is not JsonArray contents)
        {
            return;
        }

        foreach (JsonNode? content in contents)
        {
            if (content is JsonObject c && !(c["role"]?.GetValueKind() == JsonValueKind.String && c["role"]!.GetValue<string>() == "model"))
            {
                RewriteParts(c, rewrite);
            }
        }
    }

    private static void RewriteParts(JsonNode? content, Func<string, string> rewrite)
    {
        if (content is not JsonObject { } c || c["parts"] is not JsonArray parts)
        {
            return;
        }

        foreach (JsonNode? part in parts)
        {
            if (part is JsonObject p && p["text"]?.GetValueKind() == JsonValueKind.String && p["thought"]?.GetValueKind() != JsonValueKind.True)
            {
                p["text"] = rewrite(p["text"]!.GetValue<string>());
            }
        }
    }

    /// <summary>A string value, or an array of blocks whose text (and tool results' text) is rewritten.</summary>
    private static void RewriteContent(JsonObject owner, string property, Func<string, string> rewrite)
    {
        JsonNode? content = owner[property];
        if (content?.GetValueKind() == JsonValueKind.String)
        {
            owner[property] = rewrite(content.GetValue<string>());
            return;
        }

        if (content is not JsonArray blocks)
        {
            return;
        }

        foreach (JsonNode? block in blocks)
        {
            if (block is not JsonObject b || b["type"]?.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            switch (b["type"]!.GetValue<string>())
            {
                case "text" or "input_text" when b["text"]?.GetValueKind() == JsonValueKind.String:
                    b["text"] = rewrite(b["text"]!.GetValue<string>());
                    break;
                case "tool_result":
                    RewriteContent(b, "content", rewrite);
                    break;
            }
        }
    }
}
