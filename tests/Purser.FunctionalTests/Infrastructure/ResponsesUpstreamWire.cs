using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>
/// OpenAI's Responses API as documented (a provider of kind openai with ResponsesApi on): the response object, and the
/// event stream numbered by sequence_number, ending with response.completed carrying the usage.
/// </summary>
public sealed class ResponsesUpstreamWire : UpstreamWire
{
    public override string Kind => "openai";

    public override string BaseUrl(string url) => url + "/v1";

    public override bool IsStreamRequest(ReceivedRequest request) => request.Json["stream"]?.GetValue<bool>() == true;

    public override string CompletionBody(ReceivedRequest request, FakeAnswer answer) => Response(request, answer, "completed", NewId()).ToJsonString();

    public override IReadOnlyList<string> StreamEvents(ReceivedRequest request, FakeAnswer answer)
    {
        var events = new List<string>();
        int sequence = 0;
        void Add(string type, JsonObject data)
        {
            data["type"] = type;
            data["sequence_number"] = sequence++;
            events.Add($"event: {type}\ndata: {data.ToJsonString()}\n\n");
        }

        string responseId = NewId();
        JsonObject initial = Response(request, answer, "in_progress", responseId);
        initial["output"] = new JsonArray();
        initial["usage"] = null;
        Add("response.created", new JsonObject { ["response"] = initial.DeepClone() });
        Add("response.in_progress", new JsonObject { ["response"] = initial.DeepClone() });
        int index = 0;
        if (answer.Text.Length > 0)
        {
            Add("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = new JsonObject { ["id"] = "msg_up1", ["type"] = "message", ["status"] = "in_progress", ["role"] = "assistant", ["content"] = new JsonArray() } });
            Add("response.content_part.added", new JsonObject { ["item_id"] = "msg_up1", ["output_index"] = index, ["content_index"] = 0, ["part"] = new JsonObject { ["type"] = "output_text", ["text"] = "", ["annotations"] = new JsonArray() } });
            foreach (string piece in Pieces(answer.Text))
            {
                Add("response.output_text.delta", new JsonObject { ["item_id"] = "msg_up1", ["output_index"] = index, ["content_index"] = 0, ["delta"] = piece, ["logprobs"] = new JsonArray() });
            }

            Add("response.output_text.done", new JsonObject { ["item_id"] = "msg_up1", ["output_index"] = index, ["content_index"] = 0, ["text"] = answer.Text, ["logprobs"] = new JsonArray() });
            Add("response.output_item.done", new JsonObject { ["output_index"] = index, ["item"] = Message(answer.Text) });
            index++;
        }

        foreach (FakeToolCall call in answer.ToolCalls)
        {
            string id = "fc_" + call.Id;
            Add("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = new JsonObject { ["id"] = id, ["type"] = "function_call", ["status"] = "in_progress", ["arguments"] = "", ["call_id"] = call.Id, ["name"] = call.Name } });
            foreach (string piece in Pieces(call.ArgumentsJson))
            {
                Add("response.function_call_arguments.delta", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["delta"] = piece });
            }

            Add("response.function_call_arguments.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["arguments"] = call.ArgumentsJson });
            Add("response.output_item.done", new JsonObject { ["output_index"] = index, ["item"] = FunctionCall(call) });
            index++;
        }

        Add("response.completed", new JsonObject { ["response"] = Response(request, answer, "completed", responseId) });
        return events;
    }

    public override string ErrorBody(int status, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = status == 429 ? "rate_limit_error" : "invalid_request_error", ["param"] = null, ["code"] = null } }.ToJsonString();

    private static string NewId() => "resp_up" + Guid.NewGuid().ToString("N");

    private static JsonObject Response(ReceivedRequest request, FakeAnswer answer, string status, string id)
    {
        var output = new JsonArray();
        if (answer.Text.Length > 0)
        {
            output.Add(Message(answer.Text));
        }

        foreach (FakeToolCall call in answer.ToolCalls)
        {
            output.Add(FunctionCall(call));
        }

        var response = new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = 1_700_000_000,
            ["status"] = status,
            ["error"] = null,
            ["incomplete_details"] = null,
            ["model"] = request.Json["model"]!.GetValue<string>(),
            ["output"] = output,
            ["parallel_tool_calls"] = true,
            ["tool_choice"] = "auto",
            ["tools"] = new JsonArray(),
            ["store"] = request.Json["store"]?.GetValue<bool>() ?? true,
        };
        if (!answer.OmitUsage)
        {
            response["usage"] = new JsonObject
            {
                ["input_tokens"] = answer.InputTokens,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = answer.CachedTokens },
                ["output_tokens"] = answer.OutputTokens,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = answer.ReasoningTokens },
                ["total_tokens"] = answer.InputTokens + answer.OutputTokens,
            };
        }

        return response;
    }

    private static JsonObject Message(string text) => new()
    {
        ["id"] = "msg_up1",
        ["type"] = "message",
        ["status"] = "completed",
        ["role"] = "assistant",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
    };

    private static JsonObject FunctionCall(FakeToolCall call) => new()
    {
        ["id"] = "fc_" + call.Id,
        ["type"] = "function_call",
        ["status"] = "completed",
        ["arguments"] = call.ArgumentsJson,
        ["call_id"] = call.Id,
        ["name"] = call.Name,
    };
}
