using System.Text.Json;
using Microsoft.Extensions.AI;
using Purser.Chat;
using Purser.Usage;
using MEAI = Microsoft.Extensions.AI;

namespace Purser.Extensions.AI.Mapping;

/// <summary>Purser's canonical answer into Microsoft.Extensions.AI's (and back, for a wrapped client's answer).</summary>
internal static class ResponseMapper
{
    public static List<AIContent> ToContents(IReadOnlyList<ContentPart> parts)
    {
        var contents = new List<AIContent>(parts.Count);
        foreach (ContentPart part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    contents.Add(new TextContent(text.Text));
                    break;
                case ThinkingPart thinking:
                    contents.Add(new TextReasoningContent(thinking.Text) { ProtectedData = thinking.Signature ?? thinking.RedactedData });
                    break;
                case ToolCallPart call:
                    contents.Add(ToFunctionCall(call.Id, call.Name, call.Arguments));
                    break;
            }
        }

        return contents;
    }

    public static FunctionCallContent ToFunctionCall(string id, string name, string arguments)
    {
        try
        {
            return new FunctionCallContent(id, name, ParseArguments(arguments));
        }
        catch (JsonException ex)
        {
            // The model wrote arguments that are not a JSON object: M.E.AI's convention is to carry the parse error.
            return new FunctionCallContent(id, name) { Exception = ex };
        }
    }

    /// <summary>A function call's arguments as the JSON text Purser's canonical tool call carries (an empty object when there are none).</summary>
    public static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        JsonSerializer.Serialize(arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);

    /// <exception cref="JsonException">The arguments are not a JSON object.</exception>
    public static Dictionary<string, object?> ParseArguments(string arguments) =>
        string.IsNullOrWhiteSpace(arguments)
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments, AIJsonUtilities.DefaultOptions) ?? [];

    public static MEAI.ChatFinishReason ToFinishReason(FinishReason reason) => reason switch
    {
        FinishReason.Length => MEAI.ChatFinishReason.Length,
        FinishReason.ToolCalls => MEAI.ChatFinishReason.ToolCalls,
        FinishReason.ContentFilter or FinishReason.Refusal => MEAI.ChatFinishReason.ContentFilter,
        FinishReason.Other => new MEAI.ChatFinishReason("other"),
        _ => MEAI.ChatFinishReason.Stop,
    };

    public static FinishReason FromFinishReason(MEAI.ChatFinishReason? reason, bool calledTools) =>
        reason == MEAI.ChatFinishReason.Length ? FinishReason.Length
        : reason == MEAI.ChatFinishReason.ToolCalls || (reason is null && calledTools) ? FinishReason.ToolCalls
        : reason == MEAI.ChatFinishReason.ContentFilter ? FinishReason.ContentFilter
        : reason is null || reason == MEAI.ChatFinishReason.Stop ? FinishReason.Stop
        : FinishReason.Other;

    public static UsageDetails ToUsage(TokenUsage usage) => new()
    {
        InputTokenCount = usage.InputTokens,
        OutputTokenCount = usage.OutputTokens,
        TotalTokenCount = usage.TotalTokens,
        CachedInputTokenCount = usage.CachedInputTokens == 0 ? null : usage.CachedInputTokens,
        ReasoningTokenCount = usage.ReasoningTokens == 0 ? null : usage.ReasoningTokens,
    };

    /// <summary>What a wrapped client reported, in Purser's terms; null when it reported nothing.</summary>
    public static TokenUsage? FromUsage(UsageDetails? usage) => usage is null || (usage.InputTokenCount is null && usage.OutputTokenCount is null)
        ? null
        : new TokenUsage(
            usage.InputTokenCount ?? 0,
            usage.OutputTokenCount ?? 0,
            cachedInputTokens: usage.CachedInputTokenCount ?? 0,
            reasoningTokens: usage.ReasoningTokenCount ?? 0);

    /// <summary>A wrapped client's answer as Purser's canonical one.</summary>
    public static Chat.ChatResponse FromResponse(MEAI.ChatResponse response, string model)
    {
        var answer = new Chat.ChatResponse
        {
            Id = response.ResponseId ?? "",
            Model = response.ModelId ?? model,
            Usage = FromUsage(response.Usage) ?? default,
            Created = response.CreatedAt?.ToUnixTimeSeconds() ?? 0,
        };
        foreach (AIContent content in response.Messages.SelectMany(m => m.Contents))
        {
            AddPart(answer.Content, content);
        }

        answer.FinishReason = FromFinishReason(response.FinishReason, answer.Content.OfType<ToolCallPart>().Any());
        return answer;
    }

    private static void AddPart(List<ContentPart> parts, AIContent content)
    {
        switch (content)
        {
            case TextContent text when parts.Count > 0 && parts[^1] is TextPart last:
                last.Text += text.Text;
                break;
            case TextContent text:
                parts.Add(new TextPart(text.Text));
                break;
            case TextReasoningContent reasoning:
                parts.Add(new ThinkingPart(reasoning.Text) { Signature = reasoning.ProtectedData });
                break;
            case FunctionCallContent call:
                parts.Add(new ToolCallPart(call.CallId, call.Name, SerializeArguments(call.Arguments)));
                break;
        }
    }
}
