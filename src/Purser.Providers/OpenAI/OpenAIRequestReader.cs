using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;

namespace Purser.Providers.OpenAI;

/// <summary>Parses an OpenAI Chat Completions request body into the canonical request, validating as it goes.</summary>
internal static class OpenAIRequestReader
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "model", "messages", "tools", "tool_choice", "parallel_tool_calls", "max_tokens", "max_completion_tokens",
        "temperature", "top_p", "stop", "seed", "frequency_penalty", "presence_penalty", "response_format",
        "reasoning_effort", "stream", "stream_options", "user", "metadata",
    };

    /// <summary>Parses <paramref name="body"/>; throws <see cref="InvalidRequestException"/> for anything malformed.</summary>
    public static ChatRequest Read(ReadOnlySpan<byte> body) => Read(JsonRead.ParseObject(body));

    /// <summary>Parses <paramref name="body"/> in place (no copy): it must outlive the request.</summary>
    public static ChatRequest Read(ReadOnlyMemory<byte> body) => Read(JsonRead.ParseObject(body));

    public static ChatRequest Read(JsonObject root)
    {
        var request = new ChatRequest { SourceProtocol = WireProtocol.OpenAIChat, Raw = root };
        request.Model = JsonRead.RequiredString(root, "model", "model");
        JsonArray messages = JsonRead.Array(root, "messages", "messages") ?? throw new InvalidRequestException("'messages' is required.", "messages");
        if (messages.Count == 0)
        {
            throw new InvalidRequestException("'messages' must contain at least one message.", "messages");
        }

        for (int i = 0; i < messages.Count; i++)
        {
            ReadMessage(request, JsonRead.ObjectAt(messages, i, "messages"), $"messages[{i}]");
        }

        ReadTools(request, root);
        ReadToolChoice(request, root);
        request.ParallelToolCalls = JsonRead.Bool(root, "parallel_tool_calls", "parallel_tool_calls");
        request.MaxTokens = (int?)MaxTokens(root);
        request.Temperature = JsonRead.Number(root, "temperature", "temperature", 0, 2);
        request.TopP = JsonRead.Number(root, "top_p", "top_p", 0, 1);
        request.Stop = JsonRead.StringOrArray(root, "stop", "stop");
        request.Seed = JsonRead.Integer(root, "seed", "seed");
        request.FrequencyPenalty = JsonRead.Number(root, "frequency_penalty", "frequency_penalty", -2, 2);
        request.PresencePenalty = JsonRead.Number(root, "presence_penalty", "presence_penalty", -2, 2);
        request.ResponseFormat = ReadResponseFormat(root);
        request.ReasoningEffort = JsonRead.String(root, "reasoning_effort", "reasoning_effort");
        request.Stream = JsonRead.Bool(root, "stream", "stream") ?? false;
        if (JsonRead.Object(root, "stream_options", "stream_options") is { } streamOptions)
        {
            request.StreamIncludeUsage = JsonRead.Bool(streamOptions, "include_usage", "stream_options.include_usage") ?? false;
        }

        request.User = JsonRead.String(root, "user", "user");
        request.Metadata = JsonRead.StringMap(root, "metadata", "metadata");
        if (JsonRead.Integer(root, "n", "n", 1, 128) is { } n)
        {
            request.Choices = (int)n;
            if (n != 1)
            {
                request.Extensions["n"] = root["n"];
            }
        }

        foreach (var (name, value) in root)
        {
            if (!Mapped.Contains(name) && name != "n")
            {
                request.Extensions[name] = value;
            }
        }

        return request;
    }

    /// <summary>
    /// The output limit of a body: max_completion_tokens or max_tokens, the larger when both are set (which of the two
    /// an upstream honours is its own affair, so the larger is what a reservation must cover).
    /// </summary>
    public static long? MaxTokens(JsonObject root)
    {
        long? completion = JsonRead.Integer(root, "max_completion_tokens", "max_completion_tokens", 1, int.MaxValue);
        long? legacy = JsonRead.Integer(root, "max_tokens", "max_tokens", 1, int.MaxValue);
        return completion is long c && legacy is long l ? Math.Max(c, l) : completion ?? legacy;
    }

    private static void ReadMessage(ChatRequest request, JsonObject message, string path)
    {
        string role = JsonRead.RequiredString(message, "role", path + ".role");
        switch (role)
        {
            case "system" or "developer":
                foreach (ContentPart part in ReadContent(message, path, allowImages: false))
                {
                    request.System.Add(part as TextPart ?? throw new InvalidRequestException($"'{path}.content' of a {role} message must be text.", path + ".content"));
                }

                break;
            case "user":
                List<ContentPart> userContent = ReadContent(message, path, allowImages: true);
                request.Messages.Add(new ChatMessage(ChatRole.User, userContent) { Name = JsonRead.String(message, "name", path + ".name") });
                break;
            case "assistant":
                request.Messages.Add(ReadAssistant(message, path));
                break;
            case "tool":
                string toolCallId = JsonRead.String(message, "tool_call_id", path + ".tool_call_id")
                    ?? throw new InvalidRequestException($"'{path}.tool_call_id' is required for a tool message.", path + ".tool_call_id");
                var result = new ToolResultPart(toolCallId, ReadContent(message, path, allowImages: true));
                if (request.Messages.Count > 0 && request.Messages[^1].Role == ChatRole.Tool)
                {
                    request.Messages[^1].Content.Add(result);
                }
                else
                {
                    request.Messages.Add(new ChatMessage(ChatRole.Tool, [result]));
                }

                break;
            case "function":
                throw new InvalidRequestException($"'{path}.role' 'function' is the deprecated functions API; use tools and 'tool' messages.", path + ".role");
            default:
                throw new InvalidRequestException($"'{path}.role' must be one of system, developer, user, assistant, tool; got '{role}'.", path + ".role");
        }
    }

    private static ChatMessage ReadAssistant(JsonObject message, string path)
    {
        List<ContentPart> content = message["content"] is null ? [] : ReadContent(message, path, allowImages: false);
        if (JsonRead.String(message, "reasoning_content", path + ".reasoning_content") is { Length: > 0 } reasoning)
        {
            content.Insert(0, new ThinkingPart(reasoning));
        }

        if (JsonRead.String(message, "refusal", path + ".refusal") is { Length: > 0 } refusal && content.Count == 0)
        {
            content.Add(new TextPart(refusal));
        }

        if (JsonRead.Array(message, "tool_calls", path + ".tool_calls") is { } calls)
        {
            for (int i = 0; i < calls.Count; i++)
            {
                string callPath = $"{path}.tool_calls[{i}]";
                JsonObject call = JsonRead.ObjectAt(calls, i, path + ".tool_calls");
                string id = JsonRead.RequiredString(call, "id", callPath + ".id");
                string type = JsonRead.String(call, "type", callPath + ".type") ?? "function";
                if (type != "function")
                {
                    content.Add(new OpaquePart("tool_call:" + type, call, WireProtocol.OpenAIChat));
                    continue;
                }

                JsonObject function = JsonRead.Object(call, "function", callPath + ".function") ?? throw new InvalidRequestException($"'{callPath}.function' is required.", callPath + ".function");
                string name = JsonRead.RequiredString(function, "name", callPath + ".function.name");
                string arguments = JsonRead.String(function, "arguments", callPath + ".function.arguments") ?? "{}";
                content.Add(new ToolCallPart(id, name, arguments));
            }
        }

        if (message["audio"] is JsonObject audio)
        {
            content.Add(new OpaquePart("audio", audio, WireProtocol.OpenAIChat));
        }

        return new ChatMessage(ChatRole.Assistant, content) { Name = JsonRead.String(message, "name", path + ".name") };
    }

    private static List<ContentPart> ReadContent(JsonObject message, string path, bool allowImages)
    {
        JsonNode? content = message["content"];
        string contentPath = path + ".content";
        if (JsonRead.IsNull(content))
        {
            return [];
        }

        if (content!.GetValueKind() == JsonValueKind.String)
        {
            return [new TextPart(JsonRead.Text(content))];
        }

        if (content is not JsonArray parts)
        {
            throw new InvalidRequestException($"'{contentPath}' must be a string or an array of content parts, not {JsonRead.Kind(content)}.", contentPath);
        }

        var list = new List<ContentPart>(parts.Count);
        for (int i = 0; i < parts.Count; i++)
        {
            string partPath = $"{contentPath}[{i}]";
            JsonObject part = JsonRead.ObjectAt(parts, i, contentPath);
            string type = JsonRead.RequiredString(part, "type", partPath + ".type");
            switch (type)
            {
                case "text":
                    list.Add(new TextPart(JsonRead.String(part, "text", partPath + ".text") ?? throw new InvalidRequestException($"'{partPath}.text' is required.", partPath + ".text")));
                    break;
                case "refusal":
                    list.Add(new TextPart(JsonRead.String(part, "refusal", partPath + ".refusal") ?? ""));
                    break;
                case "image_url" when allowImages:
                    JsonObject image = JsonRead.Object(part, "image_url", partPath + ".image_url") ?? throw new InvalidRequestException($"'{partPath}.image_url' is required.", partPath + ".image_url");
                    string url = JsonRead.RequiredString(image, "url", partPath + ".image_url.url");
                    list.Add(ReadImageUrl(url, JsonRead.String(image, "detail", partPath + ".image_url.detail"), partPath + ".image_url.url"));
                    break;
                case "image_url":
                    throw new InvalidRequestException($"'{partPath}': images are not allowed in this message.", partPath);
                default:
                    list.Add(new OpaquePart(type, part, WireProtocol.OpenAIChat));
                    break;
            }
        }

        return list;
    }

    /// <summary>An http(s) URL, or a data: URL with base64 content (what OpenAI accepts); anything else is a 400.</summary>
    internal static ImagePart ReadImageUrl(string url, string? detail, string path)
    {
        ImagePart image = ImagePart.FromUrl(url, detail);
        if (image.Url is null)
        {
            return image.Data is { Length: > 0 } data && System.Buffers.Text.Base64.IsValid(data) && image.MediaType is { Length: > 0 }
                ? image
                : throw new InvalidRequestException($"'{path}' is a data URL whose media type is missing or whose content is empty or not valid base64.", path);
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException($"'{path}' is a data URL that is not base64 (expected data:<media type>;base64,<data>).", path);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? image
            : throw new InvalidRequestException($"'{path}' must be an http(s) URL or a base64 data URL.", path);
    }

    private static void ReadTools(ChatRequest request, JsonObject root)
    {
        if (JsonRead.Array(root, "tools", "tools") is not { } tools)
        {
            return;
        }

        request.Tools = new List<ToolDefinition>(tools.Count);
        for (int i = 0; i < tools.Count; i++)
        {
            string path = $"tools[{i}]";
            JsonObject tool = JsonRead.ObjectAt(tools, i, "tools");
            string type = JsonRead.String(tool, "type", path + ".type") ?? "function";
            if (type != "function")
            {
                request.Extensions["tools[" + i + "]:" + type] = tool;
                continue;
            }

            JsonObject function = JsonRead.Object(tool, "function", path + ".function") ?? throw new InvalidRequestException($"'{path}.function' is required.", path + ".function");
            string name = JsonRead.RequiredString(function, "name", path + ".function.name");
            if (name.Length == 0)
            {
                throw new InvalidRequestException($"'{path}.function.name' must not be empty.", path + ".function.name");
            }

            JsonNode? parameters = function["parameters"];
            if (!JsonRead.IsNull(parameters) && parameters is not JsonObject)
            {
                throw new InvalidRequestException($"'{path}.function.parameters' must be a JSON Schema object.", path + ".function.parameters");
            }

            request.Tools.Add(new ToolDefinition(name, JsonRead.String(function, "description", path + ".function.description"), JsonRead.IsNull(parameters) ? null : parameters)
            {
                Strict = JsonRead.Bool(function, "strict", path + ".function.strict"),
            });
        }
    }

    private static void ReadToolChoice(ChatRequest request, JsonObject root)
    {
        JsonNode? choice = root["tool_choice"];
        if (JsonRead.IsNull(choice))
        {
            return;
        }

        if (choice!.GetValueKind() == JsonValueKind.String)
        {
            request.ToolChoice = choice.GetValue<string>() switch
            {
                "auto" => ToolChoice.Auto,
                "none" => ToolChoice.None,
                "required" => ToolChoice.Required,
                string other => throw new InvalidRequestException($"'tool_choice' must be auto, none, required or an object; got '{other}'.", "tool_choice"),
            };
            return;
        }

        if (choice is JsonObject obj)
        {
            JsonObject? function = JsonRead.Object(obj, "function", "tool_choice.function");
            string? name = function is null ? null : JsonRead.String(function, "name", "tool_choice.function.name");
            request.ToolChoice = name is null
                ? throw new InvalidRequestException("'tool_choice.function.name' is required.", "tool_choice.function.name")
                : new ToolChoice(ToolChoiceKind.Specific, name);
            return;
        }

        throw new InvalidRequestException($"'tool_choice' must be a string or an object, not {JsonRead.Kind(choice)}.", "tool_choice");
    }

    private static ResponseFormat? ReadResponseFormat(JsonObject root)
    {
        JsonObject? format = JsonRead.Object(root, "response_format", "response_format");
        if (format is null)
        {
            return null;
        }

        string type = JsonRead.RequiredString(format, "type", "response_format.type");
        switch (type)
        {
            case "text":
                return new ResponseFormat(ResponseFormatKind.Text);
            case "json_object":
                return new ResponseFormat(ResponseFormatKind.JsonObject);
            case "json_schema":
                JsonObject schema = JsonRead.Object(format, "json_schema", "response_format.json_schema")
                    ?? throw new InvalidRequestException("'response_format.json_schema' is required.", "response_format.json_schema");
                return new ResponseFormat(
                    ResponseFormatKind.JsonSchema,
                    JsonRead.RequiredString(schema, "name", "response_format.json_schema.name"),
                    schema["schema"],
                    JsonRead.Bool(schema, "strict", "response_format.json_schema.strict"));
            default:
                throw new InvalidRequestException($"'response_format.type' must be text, json_object or json_schema; got '{type}'.", "response_format.type");
        }
    }
}
