using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>OpenAI Chat Completions as documented: chat.completion, chat.completion.chunk, usage details.</summary>
public sealed class OpenAIUpstreamWire : UpstreamWire
{
    public override string Kind => "openai";

    public override string BaseUrl(string url) => url + "/v1";

    public override bool IsStreamRequest(ReceivedRequest request) => request.Json["stream"]?.GetValue<bool>() == true;

    public override string CompletionBody(ReceivedRequest request, FakeAnswer answer)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = answer.ToolCalls.Count > 0 && answer.Text.Length == 0 ? null : answer.Text, ["refusal"] = null };
        if (answer.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. answer.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            })]);
        }

        var body = new JsonObject
        {
            ["id"] = "chatcmpl-fake123",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = request.Json["model"]!.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = answer.ToolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["system_fingerprint"] = "fp_fake",
            ["service_tier"] = "default",
        };
        if (!answer.OmitUsage)
        {
            body["usage"] = Usage(answer);
        }

        return body.ToJsonString();
    }

    public override IReadOnlyList<string> StreamEvents(ReceivedRequest request, FakeAnswer answer)
    {
        string model = request.Json["model"]!.GetValue<string>();
        bool includeUsage = request.Json["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
        var events = new List<string> { Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null) };
        foreach (string piece in Pieces(answer.Text))
        {
            events.Add(Chunk(model, new JsonObject { ["content"] = piece }, null));
        }

        for (int i = 0; i < answer.ToolCalls.Count; i++)
        {
            FakeToolCall call = answer.ToolCalls[i];
            events.Add(Chunk(model, new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = i,
                    ["id"] = call.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
                }),
            }, null));
            foreach (string piece in Pieces(call.ArgumentsJson))
            {
                events.Add(Chunk(model, new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = piece } }) }, null));
            }
        }

        events.Add(Chunk(model, new JsonObject(), answer.ToolCalls.Count > 0 ? "tool_calls" : "stop"));
        if (includeUsage && !answer.OmitUsage)
        {
            var usageChunk = new JsonObject
            {
                ["id"] = "chatcmpl-fake123",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_700_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(answer),
            };
            events.Add("data: " + usageChunk.ToJsonString() + "\n\n");
        }

        events.Add("data: [DONE]\n\n");
        return events;
    }

    public override string ErrorBody(int status, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = status == 429 ? "rate_limit_error" : "invalid_request_error", ["param"] = null, ["code"] = null } }.ToJsonString();

    private static string Chunk(string model, JsonObject delta, string? finishReason) =>
        "data: " + new JsonObject
        {
            ["id"] = "chatcmpl-fake123",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }),
        }.ToJsonString(new JsonSerializerOptions()) + "\n\n";

    private static JsonObject Usage(FakeAnswer answer) => new()
    {
        ["prompt_tokens"] = answer.InputTokens,
        ["completion_tokens"] = answer.OutputTokens,
        ["total_tokens"] = answer.InputTokens + answer.OutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = answer.CachedTokens, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = answer.ReasoningTokens, ["audio_tokens"] = 0, ["accepted_prediction_tokens"] = 0, ["rejected_prediction_tokens"] = 0 },
    };
}
