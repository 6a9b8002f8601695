using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>Gemini generateContent / streamGenerateContent?alt=sse as documented, with cached and thoughts token counts.</summary>
public sealed class GeminiUpstreamWire : UpstreamWire
{
    public override string Kind => "gemini";

    public override string BaseUrl(string url) => url + "/v1beta";

    public override bool IsStreamRequest(ReceivedRequest request) => request.PathAndQuery.Contains(":streamGenerateContent", StringComparison.Ordinal);

    public override string CompletionBody(ReceivedRequest request, FakeAnswer answer)
    {
        var parts = new JsonArray();
        if (answer.Text.Length > 0)
        {
            parts.Add(new JsonObject { ["text"] = answer.Text });
        }

        foreach (FakeToolCall call in answer.ToolCalls)
        {
            parts.Add(FunctionCall(call));
        }

        return Response(parts, "STOP", answer.OmitUsage ? null : Usage(answer)).ToJsonString();
    }

    public override IReadOnlyList<string> StreamEvents(ReceivedRequest request, FakeAnswer answer)
    {
        var events = new List<string>();
        List<string> pieces = Pieces(answer.Text);
        for (int i = 0; i < pieces.Count; i++)
        {
            bool last = i == pieces.Count - 1 && answer.ToolCalls.Count == 0;
            events.Add(Event(Response(new JsonArray(new JsonObject { ["text"] = pieces[i] }), last ? "STOP" : null, last && !answer.OmitUsage ? Usage(answer) : null)));
        }

        for (int i = 0; i < answer.ToolCalls.Count; i++)
        {
            bool last = i == answer.ToolCalls.Count - 1;
            events.Add(Event(Response(new JsonArray(FunctionCall(answer.ToolCalls[i])), last ? "STOP" : null, last && !answer.OmitUsage ? Usage(answer) : null)));
        }

        return events;
    }

    public override string ErrorBody(int status, string message) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = message,
                ["status"] = status switch { 429 => "RESOURCE_EXHAUSTED", 400 => "INVALID_ARGUMENT", 401 => "UNAUTHENTICATED", 403 => "PERMISSION_DENIED", 404 => "NOT_FOUND", _ => "INTERNAL" },
            },
        }.ToJsonString();

    private static string Event(JsonObject chunk) => "data: " + chunk.ToJsonString() + "\r\n\r\n";

    private static JsonObject FunctionCall(FakeToolCall call) =>
        new() { ["functionCall"] = new JsonObject { ["name"] = call.Name, ["args"] = JsonNode.Parse(call.ArgumentsJson) } };

    private static JsonObject Response(JsonArray parts, string? finishReason, JsonObject? usage)
    {
        var candidate = new JsonObject { ["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" }, ["index"] = 0 };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }

        var response = new JsonObject { ["candidates"] = new JsonArray(candidate), ["modelVersion"] = "fake-model", ["responseId"] = "resp-fake-1" };
        if (usage is not null)
        {
            response["usageMetadata"] = usage;
        }

        return response;
    }

    /// <summary>promptTokenCount includes the cached tokens; thoughts are counted apart from candidates.</summary>
    private static JsonObject Usage(FakeAnswer answer) => new()
    {
        ["promptTokenCount"] = answer.InputTokens,
        ["candidatesTokenCount"] = answer.OutputTokens - answer.ReasoningTokens,
        ["cachedContentTokenCount"] = answer.CachedTokens,
        ["thoughtsTokenCount"] = answer.ReasoningTokens,
        ["totalTokenCount"] = answer.InputTokens + answer.OutputTokens,
    };
}
