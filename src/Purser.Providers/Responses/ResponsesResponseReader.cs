using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;

namespace Purser.Providers.Responses;

/// <summary>Reads an upstream Responses object into a canonical answer (text, refusals, tool calls, reasoning summaries, usage).</summary>
internal static class ResponsesResponseReader
{
    /// <exception cref="JsonException">The body is not a Responses object.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("output", out JsonElement output) || output.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("Not a Responses object (no output array).");
        }

        var response = new ChatResponse
        {
            Id = Text(root, "id") ?? "",
            Model = Text(root, "model") ?? "",
            Created = root.TryGetProperty("created_at", out JsonElement created) && created.TryGetInt64(out long c) ? c : 0,
        };
        bool refusal = false;
        bool calls = false;
        foreach (JsonElement item in output.EnumerateArray())
        {
            switch (Text(item, "type"))
            {
                case "message" when item.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.Array:
                    foreach (JsonElement part in content.EnumerateArray())
                    {
                        if (Text(part, "type") == "refusal")
                        {
                            refusal = true;
                            response.Content.Add(new TextPart(Text(part, "refusal") ?? ""));
                        }
                        else if (Text(part, "text") is { } text)
                        {
                            response.Content.Add(new TextPart(text));
                        }
                    }

                    break;
                case "function_call":
                    calls = true;
                    response.Content.Add(new ToolCallPart(Text(item, "call_id") ?? "", Text(item, "name") ?? "", Text(item, "arguments") ?? "{}"));
                    break;
                case "custom_tool_call":
                    calls = true;
                    response.Content.Add(new ToolCallPart(Text(item, "call_id") ?? "", Text(item, "name") ?? "", new JsonObject { ["input"] = Text(item, "input") ?? "" }.ToJsonString()));
                    break;
                case "reasoning" when item.TryGetProperty("summary", out JsonElement summary) && summary.ValueKind == JsonValueKind.Array:
                    string thinking = string.Concat(summary.EnumerateArray().Select(s => Text(s, "text") ?? ""));
                    if (thinking.Length > 0)
                    {
                        response.Content.Add(new ThinkingPart(thinking));
                    }

                    break;
            }
        }

        response.FinishReason = refusal ? FinishReason.Refusal : Finish(root, calls);
        if (root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = ResponsesUsage.Read(usage);
        }

        return response;
    }

    /// <summary>How a response ended: its incomplete reason, else tool calls, else a natural stop.</summary>
    public static FinishReason Finish(JsonElement response, bool hasToolCalls)
    {
        if (Text(response, "status") == "incomplete")
        {
            return response.TryGetProperty("incomplete_details", out JsonElement details) && Text(details, "reason") == "content_filter"
                ? FinishReason.ContentFilter
                : FinishReason.Length;
        }

        if (hasToolCalls)
        {
            return FinishReason.ToolCalls;
        }

        if (response.TryGetProperty("output", out JsonElement output) && output.ValueKind == JsonValueKind.Array
            && output.EnumerateArray().Any(i => Text(i, "type") is "function_call" or "custom_tool_call"))
        {
            return FinishReason.ToolCalls;
        }

        return FinishReason.Stop;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
