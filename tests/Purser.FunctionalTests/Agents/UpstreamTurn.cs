using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// The last turn of the conversation a fake upstream received, read from its own wire format: the text of the
/// latest user message, or the result of a tool the client ran; and the names of the tools the request offers.
/// </summary>
public sealed record UpstreamTurn(string UserText, string? ToolResult, IReadOnlyList<string> Tools)
{
    public static UpstreamTurn Read(string kind, ReceivedRequest request)
    {
        JsonObject body = request.Json;
        return kind switch
        {
            "openai" => FromOpenAI(body),
            "anthropic" => FromAnthropic(body),
            "gemini" => FromGemini(body),
            AgentGateway.ResponsesKind => FromResponses(body),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Chat Completions: the last message is role "tool" after a tool call, else the latest user message counts.</summary>
    private static UpstreamTurn FromOpenAI(JsonObject body)
    {
        JsonArray messages = body["messages"]?.AsArray() ?? [];
        JsonNode? last = messages.LastOrDefault();
        string? toolResult = last?["role"]?.GetValue<string>() == "tool" ? Text(last["content"]) : null;
        JsonNode? user = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
        string[] tools = [.. (body["tools"]?.AsArray() ?? []).Select(t => t?["function"]?["name"]?.GetValue<string>() ?? t?["name"]?.GetValue<string>() ?? "")];
        return new UpstreamTurn(Text(user?["content"]), toolResult, tools);
    }

    /// <summary>Messages: a tool_result block in the last user message after a tool call, else its text blocks.</summary>
    private static UpstreamTurn FromAnthropic(JsonObject body)
    {
        JsonNode? user = (body["messages"]?.AsArray() ?? []).LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
        JsonNode? content = user?["content"];
        string? toolResult = null;
        string text = "";
        if (content is JsonArray blocks)
        {
            JsonNode[] results = [.. blocks.Where(b => b?["type"]?.GetValue<string>() == "tool_result").Select(b => b!)];
            toolResult = results.Length > 0 ? string.Concat(results.Select(r => Text(r["content"]))) : null;
            text = string.Concat(blocks.Where(b => b?["type"]?.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>()));
        }
        else
        {
            text = Text(content);
        }

        string[] tools = [.. (body["tools"]?.AsArray() ?? []).Select(t => t?["name"]?.GetValue<string>() ?? "")];
        return new UpstreamTurn(text, toolResult, tools);
    }

    /// <summary>Gemini: functionResponse parts in the last content after a call, else the latest user content's text parts.</summary>
    private static UpstreamTurn FromGemini(JsonObject body)
    {
        JsonArray contents = body["contents"]?.AsArray() ?? [];
        JsonArray lastParts = contents.LastOrDefault()?["parts"]?.AsArray() ?? [];
        JsonNode[] responses = [.. lastParts.Where(p => p?["functionResponse"] is not null).Select(p => p!["functionResponse"]!["response"]!)];
        string? toolResult = responses.Length > 0 ? string.Concat(responses.SelectMany(Strings)) : null;
        JsonNode? user = contents.LastOrDefault(c => c?["role"]?.GetValue<string>() == "user" && c["parts"]!.AsArray().Any(p => p?["text"] is not null));
        string text = string.Concat((user?["parts"]?.AsArray() ?? []).Select(p => p?["text"]?.GetValue<string>() ?? ""));
        string[] tools = [.. (body["tools"]?.AsArray() ?? []).SelectMany(t => t?["functionDeclarations"]?.AsArray() ?? []).Select(f => f?["name"]?.GetValue<string>() ?? "")];
        return new UpstreamTurn(text, toolResult, tools);
    }

    /// <summary>Responses: function_call_output items after the last function_call, else the latest user message's text.</summary>
    private static UpstreamTurn FromResponses(JsonObject body)
    {
        JsonNode[] input = body["input"] switch
        {
            JsonArray items => [.. items.Select(i => i!)],
            JsonValue text => [new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = text.GetValue<string>() }],
            _ => [],
        };
        int lastCall = Array.FindLastIndex(input, i => i["type"]?.GetValue<string>() == "function_call");
        JsonNode[] outputs = [.. input.Skip(lastCall + 1).Where(i => i["type"]?.GetValue<string>() == "function_call_output")];
        string? toolResult = lastCall >= 0 && outputs.Length > 0 ? string.Concat(outputs.Select(o => Text(o["output"]))) : null;
        JsonNode? user = input.LastOrDefault(i => i["role"]?.GetValue<string>() == "user");
        string[] tools = [.. (body["tools"]?.AsArray() ?? []).Select(t => t?["name"]?.GetValue<string>() ?? "")];
        return new UpstreamTurn(Text(user?["content"]), toolResult, tools);
    }

    /// <summary>Every string inside a JSON value (a Gemini functionResponse.response is any object).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue(out string? s) => [s],
        _ => [],
    };

    /// <summary>A content that is a string, or a list of parts with text.</summary>
    private static string Text(JsonNode? content) => content switch
    {
        null => "",
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => parts.Aggregate(new StringBuilder(), (all, part) => all.Append(part is JsonValue v ? v.GetValue<string>() : part?["text"]?.GetValue<string>() ?? "")).ToString(),
        _ => content.ToJsonString(),
    };
}
