using System.Text.Json;
using Purser.Chat;

namespace Purser.Providers.Anthropic;

/// <summary>Parses an upstream Messages answer into canonical form.</summary>
internal static class AnthropicResponseReader
{
    /// <param name="jsonToolName">
    /// The tool a JSON-schema answer was requested through (see <see cref="AnthropicRequestWriter.UsesJsonTool"/>):
    /// its call becomes the answer's text. Null when the request did not use one.
    /// </param>
    /// <exception cref="JsonException">The body is not a Messages answer.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> body, string? jsonToolName = null)
    {
        var reader = new Utf8JsonReader(body);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The answer has no 'content' array.");
        }

        var response = new ChatResponse
        {
            Id = String(root, "id") ?? "",
            Model = String(root, "model") ?? "",
            StopSequence = String(root, "stop_sequence"),
        };
        if (root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = AnthropicUsage.Read(usage);
        }

        bool calledJsonTool = false;
        foreach (JsonElement block in content.EnumerateArray())
        {
            switch (String(block, "type"))
            {
                case "text":
                    response.Content.Add(new TextPart(String(block, "text") ?? ""));
                    break;
                case "tool_use":
                    string name = String(block, "name") ?? "";
                    string input = block.TryGetProperty("input", out JsonElement args) && args.ValueKind == JsonValueKind.Object ? args.GetRawText() : "{}";
                    if (jsonToolName is not null && name == jsonToolName)
                    {
                        calledJsonTool = true;
                        response.Content.Add(new TextPart(input));
                    }
                    else
                    {
                        response.Content.Add(new ToolCallPart(String(block, "id") ?? "", name, input));
                    }

                    break;
                case "thinking":
                    response.Content.Add(new ThinkingPart(String(block, "thinking") ?? "") { Signature = String(block, "signature") });
                    break;
                case "redacted_thinking":
                    response.Content.Add(new ThinkingPart("") { RedactedData = String(block, "data") ?? "" });
                    break;
                default:
                    // Server-tool blocks (server_tool_use, web_search_tool_result, …): a same-protocol client gets them
                    // from the raw body; the canonical answer keeps what every protocol can carry.
                    break;
            }
        }

        response.FinishReason = AnthropicStopReason.Parse(String(root, "stop_reason"));
        if (calledJsonTool && response.FinishReason == FinishReason.ToolCalls && !response.Content.Any(p => p is ToolCallPart))
        {
            response.FinishReason = FinishReason.Stop;
        }

        return response;
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
