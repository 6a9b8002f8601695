using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;

namespace Purser.Providers.Anthropic;

/// <summary>
/// Parses an Anthropic Messages request body into the canonical request, validating as it goes. A
/// <c>role: "system"</c> message inside <c>messages</c> (Claude Code sends them) becomes a <see cref="ChatRole.System"/>
/// message at its position; <c>output_config.effort</c> becomes the reasoning effort; <c>cache_control</c> on blocks
/// and tools is noted in <see cref="ChatRequest.InnerFields"/> (only Anthropic has it).
/// A user turn holding tool_result blocks becomes a <see cref="ChatRole.Tool"/> message of the results, followed by a
/// <see cref="ChatRole.User"/> message with the turn's other blocks (order kept). Blocks Purser cannot translate
/// (documents, search results, server-tool blocks) become <see cref="OpaquePart"/>s; server tools and other
/// unmapped fields go to <see cref="ChatRequest.Extensions"/>, so a writer for another protocol refuses them.
/// </summary>
internal static class AnthropicRequestReader
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "model", "messages", "system", "max_tokens", "tools", "tool_choice", "stop_sequences", "temperature",
        "top_p", "top_k", "stream", "metadata", "thinking",
    };

    /// <summary>Parses a /v1/messages body; throws <see cref="InvalidRequestException"/> for anything malformed.</summary>
    public static ChatRequest Read(ReadOnlySpan<byte> body) => Read(JsonRead.ParseObject(body));

    /// <summary>Parses <paramref name="body"/> in place (no copy): it must outlive the request.</summary>
    public static ChatRequest Read(ReadOnlyMemory<byte> body) => Read(JsonRead.ParseObject(body));

    /// <summary>Parses a /v1/messages/count_tokens body, which has no max_tokens.</summary>
    public static ChatRequest ReadCountTokens(ReadOnlySpan<byte> body) => Read(JsonRead.ParseObject(body), requireMaxTokens: false);

    public static ChatRequest Read(JsonObject root, bool requireMaxTokens = true)
    {
        var request = new ChatRequest { SourceProtocol = WireProtocol.AnthropicMessages, Raw = root };
        request.Model = JsonRead.RequiredString(root, "model", "model");
        long? maxTokens = JsonRead.Integer(root, "max_tokens", "max_tokens", 0, int.MaxValue);
        if (maxTokens is null && requireMaxTokens)
        {
            throw new InvalidRequestException("'max_tokens' is required.", "max_tokens");
        }

        request.MaxTokens = (int?)maxTokens;
        ReadSystem(request, root);
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
        request.Stop = ReadStopSequences(root);
        request.Temperature = JsonRead.Number(root, "temperature", "temperature", 0, 1);
        request.TopP = JsonRead.Number(root, "top_p", "top_p", 0, 1);
        request.TopK = (int?)JsonRead.Integer(root, "top_k", "top_k", 0, int.MaxValue);
        request.Stream = JsonRead.Bool(root, "stream", "stream") ?? false;
        if (JsonRead.Object(root, "metadata", "metadata") is { } metadata)
        {
            request.User = JsonRead.String(metadata, "user_id", "metadata.user_id");
        }

        ReadThinking(request, root);
        foreach (var (name, value) in root)
        {
            if (!Mapped.Contains(name))
            {
                request.Extensions[name] = value;
            }
        }

        ReadOutputFormat(request, root);
        return request;
    }

    private static void ReadSystem(ChatRequest request, JsonObject root)
    {
        JsonNode? system = root["system"];
        if (JsonRead.IsNull(system))
        {
            return;
        }

        if (system!.GetValueKind() == JsonValueKind.String)
        {
            string text = JsonRead.Text(system);
            if (text.Length > 0)
            {
                request.System.Add(new TextPart(text));
            }

            return;
        }

        if (system is not JsonArray blocks)
        {
            throw new InvalidRequestException($"'system' must be a string or an array of text blocks, not {JsonRead.Kind(system)}.", "system");
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            string path = $"system[{i}]";
            JsonObject block = JsonRead.ObjectAt(blocks, i, "system");
            string type = JsonRead.RequiredString(block, "type", path + ".type");
            if (type != "text")
            {
                throw new InvalidRequestException($"'{path}.type' must be 'text'; got '{type}'.", path + ".type");
            }

            request.System.Add(new TextPart(RequiredText(block, "text", path)));
            NoteCacheControl(request, block);
        }
    }

    /// <summary>cache_control only tunes Anthropic's prompt cache: a translation names it as dropped.</summary>
    private static void NoteCacheControl(ChatRequest request, JsonObject block)
    {
        if (!JsonRead.IsNull(block["cache_control"]))
        {
            request.InnerFields.Add("cache_control");
        }
    }

    /// <summary>A system message inside the conversation: a string or text blocks.</summary>
    private static void ReadSystemMessage(ChatRequest request, JsonNode? content, string contentPath)
    {
        if (content!.GetValueKind() == JsonValueKind.String)
        {
            request.Messages.Add(ChatMessage.FromText(ChatRole.System, content.GetValue<string>()));
            return;
        }

        if (content is not JsonArray blocks)
        {
            throw new InvalidRequestException($"'{contentPath}' of a system message must be a string or an array of text blocks, not {JsonRead.Kind(content)}.", contentPath);
        }

        var parts = new List<ContentPart>(blocks.Count);
        for (int i = 0; i < blocks.Count; i++)
        {
            string path = $"{contentPath}[{i}]";
            JsonObject block = JsonRead.ObjectAt(blocks, i, contentPath);
            string type = JsonRead.RequiredString(block, "type", path + ".type");
            if (type != "text")
            {
                throw new InvalidRequestException($"'{path}.type' must be 'text' in a system message; got '{type}'.", path + ".type");
            }

            parts.Add(new TextPart(RequiredText(block, "text", path)));
            NoteCacheControl(request, block);
        }

        request.Messages.Add(new ChatMessage(ChatRole.System, parts));
    }

    private static void ReadMessage(ChatRequest request, JsonObject message, string path)
    {
        string role = JsonRead.RequiredString(message, "role", path + ".role");
        bool assistant = role switch
        {
            "user" or "system" => false,
            "assistant" => true,
            _ => throw new InvalidRequestException($"'{path}.role' must be 'user', 'assistant' or 'system'; got '{role}'.", path + ".role"),
        };

        JsonNode? content = message["content"];
        string contentPath = path + ".content";
        if (JsonRead.IsNull(content))
        {
            throw new InvalidRequestException($"'{contentPath}' is required.", contentPath);
        }

        if (role == "system")
        {
            ReadSystemMessage(request, content, contentPath);
            return;
        }

        if (content!.GetValueKind() == JsonValueKind.String)
        {
            request.Messages.Add(ChatMessage.FromText(assistant ? ChatRole.Assistant : ChatRole.User, JsonRead.Text(content)));
            return;
        }

        if (content is not JsonArray blocks)
        {
            throw new InvalidRequestException($"'{contentPath}' must be a string or an array of content blocks, not {JsonRead.Kind(content)}.", contentPath);
        }

        if (assistant)
        {
            var parts = new List<ContentPart>(blocks.Count);
            for (int i = 0; i < blocks.Count; i++)
            {
                JsonObject block = JsonRead.ObjectAt(blocks, i, contentPath);
                NoteCacheControl(request, block);
                parts.Add(ReadAssistantBlock(block, $"{contentPath}[{i}]"));
            }

            request.Messages.Add(new ChatMessage(ChatRole.Assistant, parts));
            return;
        }

        // A user turn: tool results become a Tool message, the rest a User message right after it.
        var results = new List<ContentPart>();
        var rest = new List<ContentPart>();
        for (int i = 0; i < blocks.Count; i++)
        {
            string blockPath = $"{contentPath}[{i}]";
            JsonObject block = JsonRead.ObjectAt(blocks, i, contentPath);
            NoteCacheControl(request, block);
            string type = JsonRead.RequiredString(block, "type", blockPath + ".type");
            if (type == "tool_result")
            {
                results.Add(ReadToolResult(block, blockPath));
            }
            else
            {
                rest.Add(ReadUserBlock(block, type, blockPath));
            }
        }

        if (results.Count > 0)
        {
            request.Messages.Add(new ChatMessage(ChatRole.Tool, results));
        }

        if (rest.Count > 0 || results.Count == 0)
        {
            request.Messages.Add(new ChatMessage(ChatRole.User, rest));
        }
    }

    private static ContentPart ReadUserBlock(JsonObject block, string type, string path) => type switch
    {
        "text" => new TextPart(RequiredText(block, "text", path)),
        "image" => ReadImage(block, path),
        "tool_use" or "thinking" or "redacted_thinking" or "server_tool_use" =>
            throw new InvalidRequestException($"'{path}': a '{type}' block belongs in an assistant message.", path + ".type"),
        _ => new OpaquePart(type, block, WireProtocol.AnthropicMessages), // document, search_result, container_upload, …
    };

    private static ContentPart ReadAssistantBlock(JsonObject block, string path)
    {
        string type = JsonRead.RequiredString(block, "type", path + ".type");
        switch (type)
        {
            case "text":
                return new TextPart(RequiredText(block, "text", path));
            case "tool_use":
                string id = JsonRead.RequiredString(block, "id", path + ".id");
                string name = JsonRead.RequiredString(block, "name", path + ".name");
                JsonNode? input = block["input"];
                if (JsonRead.IsNull(input))
                {
                    throw new InvalidRequestException($"'{path}.input' is required.", path + ".input");
                }

                if (input is not JsonObject)
                {
                    throw new InvalidRequestException($"'{path}.input' must be an object, not {JsonRead.Kind(input)}.", path + ".input");
                }

                return new ToolCallPart(id, name, input.ToJsonString());
            case "thinking":
                return new ThinkingPart(RequiredText(block, "thinking", path)) { Signature = JsonRead.String(block, "signature", path + ".signature") };
            case "redacted_thinking":
                return new ThinkingPart("") { RedactedData = JsonRead.RequiredString(block, "data", path + ".data") };
            case "tool_result" or "image":
                throw new InvalidRequestException($"'{path}': a '{type}' block belongs in a user message.", path + ".type");
            default:
                return new OpaquePart(type, block, WireProtocol.AnthropicMessages); // server_tool_use, web_search_tool_result, …
        }
    }

    private static ToolResultPart ReadToolResult(JsonObject block, string path)
    {
        string toolUseId = JsonRead.RequiredString(block, "tool_use_id", path + ".tool_use_id");
        bool isError = JsonRead.Bool(block, "is_error", path + ".is_error") ?? false;
        JsonNode? content = block["content"];
        string contentPath = path + ".content";
        var parts = new List<ContentPart>();
        if (JsonRead.IsNull(content))
        {
            // No content: the tool ran and returned nothing.
        }
        else if (content!.GetValueKind() == JsonValueKind.String)
        {
            parts.Add(new TextPart(JsonRead.Text(content)));
        }
        else if (content is JsonArray blocks)
        {
            for (int i = 0; i < blocks.Count; i++)
            {
                string innerPath = $"{contentPath}[{i}]";
                JsonObject inner = JsonRead.ObjectAt(blocks, i, contentPath);
                string type = JsonRead.RequiredString(inner, "type", innerPath + ".type");
                parts.Add(type switch
                {
                    "text" => new TextPart(RequiredText(inner, "text", innerPath)),
                    "image" => ReadImage(inner, innerPath),
                    _ => new OpaquePart(type, inner, WireProtocol.AnthropicMessages),
                });
            }
        }
        else
        {
            throw new InvalidRequestException($"'{contentPath}' must be a string or an array of content blocks, not {JsonRead.Kind(content)}.", contentPath);
        }

        return new ToolResultPart(toolUseId, parts) { IsError = isError };
    }

    private static ContentPart ReadImage(JsonObject block, string path)
    {
        string sourcePath = path + ".source";
        JsonObject source = JsonRead.Object(block, "source", sourcePath) ?? throw new InvalidRequestException($"'{sourcePath}' is required.", sourcePath);
        string type = JsonRead.RequiredString(source, "type", sourcePath + ".type");
        switch (type)
        {
            case "base64":
                string mediaType = JsonRead.RequiredString(source, "media_type", sourcePath + ".media_type");
                string data = JsonRead.RequiredString(source, "data", sourcePath + ".data");
                if (data.Length == 0)
                {
                    throw new InvalidRequestException($"'{sourcePath}.data' must not be empty.", sourcePath + ".data");
                }

                if (!System.Buffers.Text.Base64.IsValid(data))
                {
                    throw new InvalidRequestException($"'{sourcePath}.data' is not valid base64.", sourcePath + ".data");
                }

                return new ImagePart { MediaType = mediaType, Data = data };
            case "url":
                string url = JsonRead.RequiredString(source, "url", sourcePath + ".url");
                if (!Uri.TryCreate(url, UriKind.Absolute, out _))
                {
                    throw new InvalidRequestException($"'{sourcePath}.url' must be an absolute URL.", sourcePath + ".url");
                }

                return new ImagePart { Url = url };
            case "file":
                return new OpaquePart("image", block, WireProtocol.AnthropicMessages); // a Files API id only Anthropic can resolve
            default:
                throw new InvalidRequestException($"'{sourcePath}.type' must be base64, url or file; got '{type}'.", sourcePath + ".type");
        }
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
            NoteCacheControl(request, tool);
            string? type = JsonRead.String(tool, "type", path + ".type");
            if (type is not (null or "custom"))
            {
                // A server or Anthropic-defined tool (web_search_20250305, bash_20250124, text_editor_…, computer_…).
                request.Extensions["tools[" + i + "]:" + type] = tool;
                continue;
            }

            string name = JsonRead.RequiredString(tool, "name", path + ".name");
            if (name.Length == 0)
            {
                throw new InvalidRequestException($"'{path}.name' must not be empty.", path + ".name");
            }

            JsonObject schema = JsonRead.Object(tool, "input_schema", path + ".input_schema")
                ?? throw new InvalidRequestException($"'{path}.input_schema' is required.", path + ".input_schema");
            request.Tools.Add(new ToolDefinition(name, JsonRead.String(tool, "description", path + ".description"), schema)
            {
                Strict = JsonRead.Bool(tool, "strict", path + ".strict"),
            });
        }
    }

    private static void ReadToolChoice(ChatRequest request, JsonObject root)
    {
        if (JsonRead.Object(root, "tool_choice", "tool_choice") is not { } choice)
        {
            return;
        }

        string type = JsonRead.RequiredString(choice, "type", "tool_choice.type");
        request.ToolChoice = type switch
        {
            "auto" => ToolChoice.Auto,
            "any" => ToolChoice.Required,
            "none" => ToolChoice.None,
            "tool" => new ToolChoice(ToolChoiceKind.Specific, JsonRead.RequiredString(choice, "name", "tool_choice.name")),
            _ => throw new InvalidRequestException($"'tool_choice.type' must be auto, any, tool or none; got '{type}'.", "tool_choice.type"),
        };
        if (JsonRead.Bool(choice, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use") is bool disable)
        {
            request.ParallelToolCalls = !disable;
        }
    }

    private static List<string>? ReadStopSequences(JsonObject root)
    {
        if (JsonRead.Array(root, "stop_sequences", "stop_sequences") is not { } array)
        {
            return null;
        }

        var list = new List<string>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            list.Add(array[i]?.GetValueKind() == JsonValueKind.String
                ? array[i]!.GetValue<string>()
                : throw new InvalidRequestException($"'stop_sequences[{i}]' must be a string, not {JsonRead.Kind(array[i])}.", $"stop_sequences[{i}]"));
        }

        return list;
    }

    private static void ReadThinking(ChatRequest request, JsonObject root)
    {
        if (JsonRead.Object(root, "thinking", "thinking") is not { } thinking)
        {
            return;
        }

        string type = JsonRead.RequiredString(thinking, "type", "thinking.type");
        switch (type)
        {
            case "enabled":
                long budget = JsonRead.Integer(thinking, "budget_tokens", "thinking.budget_tokens", 1024, int.MaxValue)
                    ?? throw new InvalidRequestException("'thinking.budget_tokens' is required when thinking is enabled.", "thinking.budget_tokens");
                // Not checked against max_tokens: with interleaved thinking Anthropic lets the budget exceed it.
                request.ThinkingBudgetTokens = (int)budget;
                request.ShowThinking = ShowsThinking(thinking);
                break;
            case "disabled":
                break;
            case "adaptive":
                // The model decides how much to think (output_config.effort guides it): another provider's default level.
                request.ShowThinking = ShowsThinking(thinking);
                break;
            default:
                throw new InvalidRequestException($"'thinking.type' must be enabled, disabled or adaptive; got '{type}'.", "thinking.type");
        }
    }

    /// <summary>thinking.display "omitted" asks for thinking blocks without their text: nothing to show.</summary>
    private static bool ShowsThinking(JsonObject thinking) =>
        JsonRead.String(thinking, "display", "thinking.display") is not "omitted";

    /// <summary>
    /// output_config: effort becomes the reasoning effort, format (or the older beta output_format) a JSON-schema
    /// response format; any other member stays in an output_config extension (the translation policy decides on it).
    /// </summary>
    private static void ReadOutputFormat(ChatRequest request, JsonObject root)
    {
        JsonObject? format = null;
        string formatPath = "";
        if (JsonRead.Object(root, "output_config", "output_config") is { } config)
        {
            if (JsonRead.String(config, "effort", "output_config.effort") is { } effort)
            {
                request.ReasoningEffort = effort is "low" or "medium" or "high" or "xhigh" or "max"
                    ? effort
                    : throw new InvalidRequestException($"'output_config.effort' must be low, medium, high, xhigh or max; got '{effort}'.", "output_config.effort");
            }

            if (JsonRead.Object(config, "format", "output_config.format") is { } f)
            {
                format = f;
                formatPath = "output_config.format";
            }

            var rest = new JsonObject();
            foreach (var (name, value) in config)
            {
                if (name is not ("effort" or "format"))
                {
                    rest[name] = value?.DeepClone();
                }
            }

            if (rest.Count > 0)
            {
                request.Extensions["output_config"] = rest;
            }
            else
            {
                request.Extensions.Remove("output_config");
            }
        }

        if (format is null && root["output_format"] is JsonObject beta)
        {
            format = beta;
            formatPath = "output_format";
            request.Extensions.Remove("output_format");
        }

        if (format is null)
        {
            return;
        }

        string type = JsonRead.RequiredString(format, "type", formatPath + ".type");
        if (type != "json_schema")
        {
            throw new InvalidRequestException($"'{formatPath}.type' must be 'json_schema'; got '{type}'.", formatPath + ".type");
        }

        JsonObject schema = JsonRead.Object(format, "schema", formatPath + ".schema") ?? throw new InvalidRequestException($"'{formatPath}.schema' is required.", formatPath + ".schema");
        request.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema, "response", schema, true);
    }

    private static string RequiredText(JsonObject block, string name, string path) =>
        JsonRead.String(block, name, path + "." + name) ?? throw new InvalidRequestException($"'{path}.{name}' is required.", path + "." + name);
}
