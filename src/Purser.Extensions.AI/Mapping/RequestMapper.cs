using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Purser.Chat;
using MEAI = Microsoft.Extensions.AI;

namespace Purser.Extensions.AI.Mapping;

/// <summary>Microsoft.Extensions.AI messages and options into Purser's canonical request (and back, for a wrapped client).</summary>
internal static class RequestMapper
{
    /// <exception cref="ArgumentException">A message holds content Purser cannot carry (audio, files); the message names it.</exception>
    public static ChatRequest ToRequest(IEnumerable<MEAI.ChatMessage> messages, ChatOptions? options, string model)
    {
        var request = new ChatRequest { Model = model, SourceProtocol = WireProtocol.Simulated };
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            request.System.Add(new TextPart(instructions));
        }

        bool leading = true;
        foreach (MEAI.ChatMessage message in messages)
        {
            if (message.Role == MEAI.ChatRole.System && leading)
            {
                request.System.Add(new TextPart(message.Text));
                continue;
            }

            leading = false;
            request.Messages.Add(ToMessage(message));
        }

        if (options is not null)
        {
            ApplyOptions(request, options);
        }

        return request;
    }

    private static void ApplyOptions(ChatRequest request, ChatOptions options)
    {
        request.MaxTokens = options.MaxOutputTokens;
        request.Temperature = options.Temperature;
        request.TopP = options.TopP;
        request.TopK = options.TopK;
        request.Seed = options.Seed;
        request.FrequencyPenalty = options.FrequencyPenalty;
        request.PresencePenalty = options.PresencePenalty;
        request.ParallelToolCalls = options.AllowMultipleToolCalls;
        if (options.StopSequences is { Count: > 0 } stops)
        {
            request.Stop = [.. stops];
        }

        request.ResponseFormat = options.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: JsonElement schema } json => new ResponseFormat(ResponseFormatKind.JsonSchema, json.SchemaName ?? "response", JsonNode.Parse(schema.GetRawText())),
            ChatResponseFormatJson => new ResponseFormat(ResponseFormatKind.JsonObject),
            _ => null,
        };
        if (options.Tools is { Count: > 0 } tools)
        {
            request.Tools = [.. tools.OfType<AIFunctionDeclaration>().Select(ToTool)];
            if (request.Tools.Count == 0)
            {
                request.Tools = null;
            }
        }

        request.ToolChoice = options.ToolMode switch
        {
            NoneChatToolMode => ToolChoice.None,
            RequiredChatToolMode { RequiredFunctionName: { } name } => new ToolChoice(ToolChoiceKind.Specific, name),
            RequiredChatToolMode => ToolChoice.Required,
            AutoChatToolMode => ToolChoice.Auto,
            _ => null,
        };
    }

    private static ToolDefinition ToTool(AIFunctionDeclaration function) =>
        new(function.Name, string.IsNullOrEmpty(function.Description) ? null : function.Description, JsonNode.Parse(function.JsonSchema.GetRawText()));

    private static Chat.ChatMessage ToMessage(MEAI.ChatMessage message)
    {
        Chat.ChatRole role = message.Role == MEAI.ChatRole.User ? Chat.ChatRole.User
            : message.Role == MEAI.ChatRole.Assistant ? Chat.ChatRole.Assistant
            : message.Role == MEAI.ChatRole.Tool ? Chat.ChatRole.Tool
            : message.Role == MEAI.ChatRole.System ? Chat.ChatRole.System
            : throw new ArgumentException($"Purser cannot send a message with the role '{message.Role}'.", nameof(message));
        var parts = new List<ContentPart>(message.Contents.Count);
        foreach (AIContent content in message.Contents)
        {
            parts.Add(content switch
            {
                TextContent text => new TextPart(text.Text),
                TextReasoningContent reasoning => new ThinkingPart(reasoning.Text) { Signature = reasoning.ProtectedData },
                FunctionCallContent call => new ToolCallPart(call.CallId, call.Name, ResponseMapper.SerializeArguments(call.Arguments)),
                FunctionResultContent result => new ToolResultPart(result.CallId, [new TextPart(ResultText(result))]) { IsError = result.Exception is not null },
                DataContent data when data.HasTopLevelMediaType("image") => new ImagePart { MediaType = data.MediaType, Data = Convert.ToBase64String(data.Data.Span) },
                UriContent uri when uri.HasTopLevelMediaType("image") => new ImagePart { Url = uri.Uri.ToString() },
                _ => throw new ArgumentException($"Purser cannot send {content.GetType().Name} content (text, reasoning, images, function calls and results only).", nameof(message)),
            });
        }

        return new Chat.ChatMessage(role, parts) { Name = message.AuthorName };
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception is { } ex ? "Error: " + ex.Message : "",
        string s => s,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
        _ => JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions),
    };

    /// <summary>Purser's canonical request as Microsoft.Extensions.AI messages, for the client <c>UsePurser</c> wraps.</summary>
    public static (List<MEAI.ChatMessage> Messages, ChatOptions Options) FromRequest(ChatRequest request, string model, ChatOptions? original)
    {
        var messages = new List<MEAI.ChatMessage>(request.Messages.Count + 1);
        if (request.System.Count > 0)
        {
            messages.Add(new MEAI.ChatMessage(MEAI.ChatRole.System, ChatText.Join(request.System)));
        }

        foreach (Chat.ChatMessage message in request.Messages)
        {
            MEAI.ChatRole role = message.Role switch
            {
                Chat.ChatRole.User => MEAI.ChatRole.User,
                Chat.ChatRole.Assistant => MEAI.ChatRole.Assistant,
                Chat.ChatRole.Tool => MEAI.ChatRole.Tool,
                _ => MEAI.ChatRole.System,
            };
            messages.Add(new MEAI.ChatMessage(role, [.. message.Content.Select(FromPart)]) { AuthorName = message.Name });
        }

        // What the caller asked for that has no canonical form (AdditionalProperties, RawRepresentationFactory,
        // ConversationId, the tools' own objects) goes through; what the stages decide (limits, tools' schema) comes from the request.
        ChatOptions options = original?.Clone() ?? new ChatOptions();
        options.Instructions = null;
        options.ModelId = model;
        options.MaxOutputTokens = request.MaxTokens;
        options.Temperature = (float?)request.Temperature;
        options.TopP = (float?)request.TopP;
        options.TopK = request.TopK;
        options.Seed = request.Seed;
        options.StopSequences = request.Stop is { } stop ? [.. stop] : null;
        if (original?.Tools is null && request.Tools is { Count: > 0 } tools)
        {
            options.Tools = [.. tools.Select(t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, JsonSerializer.SerializeToElement(t.Parameters ?? new JsonObject { ["type"] = "object" })))];
        }

        return (messages, options);
    }

    private static AIContent FromPart(ContentPart part) => part switch
    {
        TextPart text => new TextContent(text.Text),
        ThinkingPart thinking => new TextReasoningContent(thinking.Text) { ProtectedData = thinking.Signature },
        ToolCallPart call => new FunctionCallContent(call.Id, call.Name, ResponseMapper.ParseArguments(call.Arguments)),
        ToolResultPart result => new FunctionResultContent(result.ToolCallId, result.JoinedText()),
        ImagePart { Data: { } data } image => new DataContent(Convert.FromBase64String(data), image.MediaType ?? "image/png"),
        ImagePart image => new UriContent(image.Url!, image.MediaType ?? "image/*"),
        _ => throw new ArgumentException($"Purser cannot hand {part.GetType().Name} content to a chat client."),
    };
}
