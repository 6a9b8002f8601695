using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>
/// Anthropic Messages as documented: message objects, the message_start … message_stop event stream, and usage
/// where input_tokens excludes cache reads and writes. Anthropic does not report reasoning tokens apart.
/// </summary>
public sealed class AnthropicUpstreamWire : UpstreamWire
{
    public override string Kind => "anthropic";

    public override string BaseUrl(string url) => url;

    public override bool IsStreamRequest(ReceivedRequest request) => request.Json["stream"]?.GetValue<bool>() == true;

    public override string CompletionBody(ReceivedRequest request, FakeAnswer answer)
    {
        var content = new JsonArray();
        if (answer.Text.Length > 0)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = answer.Text });
        }

        foreach (FakeToolCall call in answer.ToolCalls)
        {
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) });
        }

        var message = Message(request, content, answer.ToolCalls.Count > 0 ? "tool_use" : "end_turn");
        message["usage"] = answer.OmitUsage ? new JsonObject { ["input_tokens"] = 0, ["output_tokens"] = 0 } : Usage(answer, answer.OutputTokens);
        return message.ToJsonString();
    }

    public override IReadOnlyList<string> StreamEvents(ReceivedRequest request, FakeAnswer answer)
    {
        JsonObject start = Message(request, [], null);
        start["usage"] = answer.OmitUsage ? new JsonObject { ["input_tokens"] = 0, ["output_tokens"] = 0 } : Usage(answer, 1);
        var events = new List<string> { Event("message_start", new JsonObject { ["type"] = "message_start", ["message"] = start }) };
        int index = 0;
        if (answer.Text.Length > 0)
        {
            events.Add(Event("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } }));
            events.Add(Event("ping", new JsonObject { ["type"] = "ping" }));
            foreach (string piece in Pieces(answer.Text))
            {
                events.Add(Event("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } }));
            }

            events.Add(Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }));
            index++;
        }

        foreach (FakeToolCall call in answer.ToolCalls)
        {
            events.Add(Event("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = index,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = new JsonObject() },
            }));
            foreach (string piece in Pieces(call.ArgumentsJson))
            {
                events.Add(Event("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece } }));
            }

            events.Add(Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }));
            index++;
        }

        var delta = new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = answer.ToolCalls.Count > 0 ? "tool_use" : "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = answer.OmitUsage ? 0 : answer.OutputTokens },
        };
        events.Add(Event("message_delta", delta));
        events.Add(Event("message_stop", new JsonObject { ["type"] = "message_stop" }));
        return events;
    }

    public override string ErrorBody(int status, string message) =>
        new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject
            {
                ["type"] = status switch
                {
                    400 => "invalid_request_error",
                    401 => "authentication_error",
                    403 => "permission_error",
                    404 => "not_found_error",
                    429 => "rate_limit_error",
                    529 => "overloaded_error",
                    _ => "api_error",
                },
                ["message"] = message,
            },
        }.ToJsonString();

    private static string Event(string name, JsonObject data) => $"event: {name}\ndata: {data.ToJsonString()}\n\n";

    private static JsonObject Message(ReceivedRequest request, JsonArray content, string? stopReason) => new()
    {
        ["id"] = "msg_fake01",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request.Json["model"]!.GetValue<string>(),
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
    };

    /// <summary>input_tokens counts only the uncached prompt tokens; cache reads and writes are reported beside it.</summary>
    private static JsonObject Usage(FakeAnswer answer, long output) => new()
    {
        ["input_tokens"] = answer.InputTokens - answer.CachedTokens - answer.CacheWriteTokens,
        ["cache_creation_input_tokens"] = answer.CacheWriteTokens,
        ["cache_read_input_tokens"] = answer.CachedTokens,
        ["output_tokens"] = output,
    };
}
