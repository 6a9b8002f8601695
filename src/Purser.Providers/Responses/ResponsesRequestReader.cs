using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;

namespace Purser.Providers.Responses;

/// <summary>
/// Parses an OpenAI Responses request body (<c>POST /v1/responses</c>) into the canonical request, validating as it
/// goes. Input items become turns: messages, function and custom tool calls with their outputs, and reasoning items
/// (thinking; Purser's own carry an Anthropic signature back). Fields that only tune OpenAI's service (store, include,
/// prompt_cache_key, truncation, …) are kept as extensions a translation lets go; fields whose loss would change the
/// answer (hosted tools other than web search, prompt templates, conversations) are extensions a translation refuses.
/// A same-protocol upstream gets the body itself (<see cref="ChatRequest.Raw"/>).
/// </summary>
internal static class ResponsesRequestReader
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "model", "input", "instructions", "tools", "tool_choice", "parallel_tool_calls", "max_output_tokens", "temperature",
        "top_p", "text", "reasoning", "stream", "user", "metadata", "previous_response_id", "background",

        // Purser keeps the conversation state itself (the echo reads the flag from the body); it changes no answer.
        "store",
    };

    /// <summary>Parses <paramref name="body"/>; throws <see cref="InvalidRequestException"/> for anything malformed.</summary>
    public static ChatRequest Read(ReadOnlySpan<byte> body) => Read(JsonRead.ParseObject(body));

    public static ChatRequest Read(JsonObject root)
    {
        var request = new ChatRequest { SourceProtocol = WireProtocol.OpenAIResponses, Raw = root };
        request.Model = JsonRead.RequiredString(root, "model", "model");
        ResponsesToolNames names = ReadTools(request, root);
        if (JsonRead.String(root, "instructions", "instructions") is { Length: > 0 } instructions)
        {
            request.System.Add(new TextPart(instructions));
        }

        ReadInput(request, root, names);
        ReadToolChoice(request, root, names);
        request.ParallelToolCalls = JsonRead.Bool(root, "parallel_tool_calls", "parallel_tool_calls");
        request.MaxTokens = (int?)JsonRead.Integer(root, "max_output_tokens", "max_output_tokens", 1, int.MaxValue);
        request.Temperature = JsonRead.Number(root, "temperature", "temperature", 0, 2);
        request.TopP = JsonRead.Number(root, "top_p", "top_p", 0, 1);
        ReadText(request, root);
        ReadReasoning(request, root);
        request.Stream = JsonRead.Bool(root, "stream", "stream") ?? false;
        request.User = JsonRead.String(root, "user", "user");
        request.Metadata = JsonRead.StringMap(root, "metadata", "metadata");
        JsonRead.String(root, "previous_response_id", "previous_response_id");
        JsonRead.Bool(root, "store", "store");
        if (JsonRead.Bool(root, "background", "background") == true)
        {
            throw new InvalidRequestException("'background' responses are not supported by Purser: send the request without it (streaming keeps a long call alive).", "background");
        }

        foreach (var (name, value) in root)
        {
            if (Mapped.Contains(name))
            {
                continue;
            }

            if (name == "top_logprobs" && value?.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() == 0)
            {
                continue;
            }

            request.Extensions[name] = value;
        }

        return request;
    }

    private static void ReadInput(ChatRequest request, JsonObject root, ResponsesToolNames names)
    {
        JsonNode? input = root["input"];
        if (JsonRead.IsNull(input))
        {
            throw new InvalidRequestException("'input' is required: a string or a list of input items.", "input");
        }

        if (input!.GetValueKind() == JsonValueKind.String)
        {
            request.Messages.Add(ChatMessage.FromText(ChatRole.User, input.GetValue<string>()));
            return;
        }

        if (input is not JsonArray items)
        {
            throw new InvalidRequestException($"'input' must be a string or an array of items, not {JsonRead.Kind(input)}.", "input");
        }

        ChatMessage? assistant = null;
        ChatMessage? tools = null;
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"input[{i}]";
            JsonObject item = JsonRead.ObjectAt(items, i, "input");
            string type = JsonRead.String(item, "type", path + ".type") ?? (item.ContainsKey("role") ? "message" : throw new InvalidRequestException($"'{path}.type' is required.", path + ".type"));
            switch (type)
            {
                case "message":
                    string role = JsonRead.RequiredString(item, "role", path + ".role");
                    switch (role)
                    {
                        case "system" or "developer":
                            foreach (ContentPart part in ReadContent(item, path, role))
                            {
                                request.System.Add(part as TextPart ?? throw new InvalidRequestException($"'{path}.content' of a {role} message must be text.", path + ".content"));
                            }

                            break;
                        case "user":
                            assistant = tools = null;
                            request.Messages.Add(new ChatMessage(ChatRole.User, ReadContent(item, path, role)));
                            break;
                        case "assistant":
                            tools = null;
                            Assistant(request, ref assistant).Content.AddRange(ReadContent(item, path, role));
                            break;
                        default:
                            throw new InvalidRequestException($"'{path}.role' must be one of user, assistant, system, developer; got '{role}'.", path + ".role");
                    }

                    break;
                case "function_call":
                    tools = null;
                    Assistant(request, ref assistant).Content.Add(new ToolCallPart(
                        JsonRead.RequiredString(item, "call_id", path + ".call_id"),
                        names.Upstream(JsonRead.RequiredString(item, "name", path + ".name"), JsonRead.String(item, "namespace", path + ".namespace")),
                        JsonRead.String(item, "arguments", path + ".arguments") ?? "{}"));
                    break;
                case "custom_tool_call":
                    tools = null;
                    string freeText = JsonRead.String(item, "input", path + ".input") ?? "";
                    Assistant(request, ref assistant).Content.Add(new ToolCallPart(
                        JsonRead.RequiredString(item, "call_id", path + ".call_id"),
                        names.Upstream(JsonRead.RequiredString(item, "name", path + ".name"), JsonRead.String(item, "namespace", path + ".namespace")),
                        new JsonObject { ["input"] = freeText }.ToJsonString()));
                    break;
                case "reasoning":
                    tools = null;
                    if (ReadReasoningItem(item, path) is { } thinking)
                    {
                        Assistant(request, ref assistant).Content.Add(thinking);
                    }

                    break;
                case "function_call_output" or "custom_tool_call_output":
                    assistant = null;
                    if (tools is null)
                    {
                        tools = new ChatMessage(ChatRole.Tool, []);
                        request.Messages.Add(tools);
                    }

                    tools.Content.Add(new ToolResultPart(JsonRead.RequiredString(item, "call_id", path + ".call_id"), ReadOutput(item, path)));
                    break;
                default:
                    // Hosted-tool calls and their outputs, item references, compaction: a same-protocol upstream understands them.
                    tools = null;
                    Assistant(request, ref assistant).Content.Add(new OpaquePart(type, item, WireProtocol.OpenAIResponses));
                    break;
            }
        }

        if (request.Messages.Count == 0)
        {
            throw new InvalidRequestException("'input' must contain at least one user, assistant or tool item.", "input");
        }
    }

    private static ChatMessage Assistant(ChatRequest request, ref ChatMessage? current)
    {
        if (current is null)
        {
            current = new ChatMessage(ChatRole.Assistant, []);
            request.Messages.Add(current);
        }

        return current;
    }

    private static List<ContentPart> ReadContent(JsonObject item, string path, string role)
    {
        JsonNode? content = item["content"];
        if (JsonRead.IsNull(content))
        {
            throw new InvalidRequestException($"'{path}.content' is required.", path + ".content");
        }

        if (content!.GetValueKind() == JsonValueKind.String)
        {
            return [new TextPart(content.GetValue<string>())];
        }

        if (content is not JsonArray parts)
        {
            throw new InvalidRequestException($"'{path}.content' must be a string or an array of content parts, not {JsonRead.Kind(content)}.", path + ".content");
        }

        return ReadParts(parts, path + ".content", allowImages: role == "user");
    }

    private static List<ContentPart> ReadParts(JsonArray parts, string path, bool allowImages)
    {
        var list = new List<ContentPart>(parts.Count);
        for (int p = 0; p < parts.Count; p++)
        {
            string partPath = $"{path}[{p}]";
            JsonObject part = JsonRead.ObjectAt(parts, p, path);
            string type = JsonRead.RequiredString(part, "type", partPath + ".type");
            switch (type)
            {
                case "input_text" or "output_text" or "text":
                    list.Add(new TextPart(JsonRead.String(part, "text", partPath + ".text") ?? throw new InvalidRequestException($"'{partPath}.text' is required.", partPath + ".text")));
                    break;
                case "refusal":
                    list.Add(new TextPart(JsonRead.String(part, "refusal", partPath + ".refusal") ?? ""));
                    break;
                case "input_image" when allowImages && JsonRead.String(part, "image_url", partPath + ".image_url") is { } url:
                    list.Add(OpenAIRequestReader.ReadImageUrl(url, JsonRead.String(part, "detail", partPath + ".detail"), partPath + ".image_url"));
                    break;
                case "input_image" when allowImages:
                    list.Add(new OpaquePart("input_image (file_id)", part, WireProtocol.OpenAIResponses));
                    break;
                case "input_image":
                    throw new InvalidRequestException($"'{partPath}': images are not allowed here.", partPath);
                default:
                    list.Add(new OpaquePart(type, part, WireProtocol.OpenAIResponses));
                    break;
            }
        }

        return list;
    }

    private static List<ContentPart> ReadOutput(JsonObject item, string path)
    {
        JsonNode? output = item["output"];
        if (JsonRead.IsNull(output))
        {
            return [new TextPart("")];
        }

        return output!.GetValueKind() switch
        {
            JsonValueKind.String => [new TextPart(output.GetValue<string>())],
            JsonValueKind.Array => ReadParts(output.AsArray(), path + ".output", allowImages: true),
            _ => throw new InvalidRequestException($"'{path}.output' must be a string or an array of content parts, not {JsonRead.Kind(output)}.", path + ".output"),
        };
    }

    /// <summary>
    /// A reasoning item as thinking: its text (reasoning_text content, else the summary) and, when Purser wrote it from
    /// an Anthropic thinking block, the block's signature; null when it carries nothing another provider could use.
    /// </summary>
    private static ThinkingPart? ReadReasoningItem(JsonObject item, string path)
    {
        string? encrypted = JsonRead.String(item, "encrypted_content", path + ".encrypted_content");
        if (encrypted is not null && encrypted.StartsWith(ResponsesIds.AnthropicRedacted, StringComparison.Ordinal))
        {
            return new ThinkingPart("") { RedactedData = encrypted[ResponsesIds.AnthropicRedacted.Length..] };
        }

        var text = new StringBuilder();
        JsonArray? content = JsonRead.Array(item, "content", path + ".content");
        JsonArray? source = content is { Count: > 0 } ? content : JsonRead.Array(item, "summary", path + ".summary");
        for (int i = 0; source is not null && i < source.Count; i++)
        {
            if (source[i] is JsonObject part && JsonRead.String(part, "text", $"{path}.summary[{i}].text") is { } piece)
            {
                text.Append(piece);
            }
        }

        string? signature = encrypted is not null && encrypted.StartsWith(ResponsesIds.AnthropicSignature, StringComparison.Ordinal)
            ? encrypted[ResponsesIds.AnthropicSignature.Length..]
            : null;
        return text.Length == 0 && signature is null ? null : new ThinkingPart(text.ToString()) { Signature = signature };
    }

    private static ResponsesToolNames ReadTools(ChatRequest request, JsonObject root)
    {
        if (JsonRead.Array(root, "tools", "tools") is not { } tools)
        {
            return ResponsesToolNames.Empty;
        }

        ResponsesToolNames names = ResponsesToolNames.From(root);
        request.Tools = new List<ToolDefinition>(tools.Count);
        for (int i = 0; i < tools.Count; i++)
        {
            string path = $"tools[{i}]";
            JsonObject tool = JsonRead.ObjectAt(tools, i, "tools");
            string type = JsonRead.RequiredString(tool, "type", path + ".type");
            switch (type)
            {
                case "function" or "custom":
                    request.Tools.Add(ReadTool(tool, type, null, path, names));
                    break;
                case "namespace":
                    string ns = JsonRead.RequiredString(tool, "name", path + ".name");
                    JsonArray members = JsonRead.Array(tool, "tools", path + ".tools") ?? throw new InvalidRequestException($"'{path}.tools' is required.", path + ".tools");
                    for (int m = 0; m < members.Count; m++)
                    {
                        string memberPath = $"{path}.tools[{m}]";
                        JsonObject member = JsonRead.ObjectAt(members, m, path + ".tools");
                        string memberType = JsonRead.String(member, "type", memberPath + ".type") ?? "function";
                        request.Tools.Add(memberType is "function" or "custom"
                            ? ReadTool(member, memberType, ns, memberPath, names)
                            : throw new InvalidRequestException($"'{memberPath}.type' must be function or custom; got '{memberType}'.", memberPath + ".type"));
                    }

                    break;
                default:
                    // Hosted tools run on OpenAI's side: passed through to OpenAI, otherwise an extension a translation
                    // refuses — except web search, which an agent offers by default and works without.
                    request.Extensions[$"tools[{i}]:{type}"] = tool;
                    break;
            }
        }

        return names;
    }

    private static ToolDefinition ReadTool(JsonObject tool, string type, string? ns, string path, ResponsesToolNames names)
    {
        string name = JsonRead.RequiredString(tool, "name", path + ".name");
        if (name.Length == 0)
        {
            throw new InvalidRequestException($"'{path}.name' must not be empty.", path + ".name");
        }

        string? description = JsonRead.String(tool, "description", path + ".description");
        string upstream = names.Upstream(name, ns);
        if (type == "custom")
        {
            // Free-text tools (Codex's apply_patch) become a function taking the text as one string argument.
            string? grammar = null;
            if (JsonRead.Object(tool, "format", path + ".format") is { } format && JsonRead.String(format, "type", path + ".format.type") == "grammar")
            {
                grammar = $"The input must follow this {JsonRead.String(format, "syntax", path + ".format.syntax") ?? ""} grammar:\n{JsonRead.String(format, "definition", path + ".format.definition") ?? ""}";
            }

            var schema = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["input"] = new JsonObject { ["type"] = "string", ["description"] = grammar ?? "The tool's input, as free text." } },
                ["required"] = new JsonArray("input"),
            };
            return new ToolDefinition(upstream, description, schema);
        }

        JsonNode? parameters = tool["parameters"];
        if (!JsonRead.IsNull(parameters) && parameters is not JsonObject)
        {
            throw new InvalidRequestException($"'{path}.parameters' must be a JSON Schema object.", path + ".parameters");
        }

        return new ToolDefinition(upstream, description, JsonRead.IsNull(parameters) ? null : parameters!.DeepClone())
        {
            Strict = JsonRead.Bool(tool, "strict", path + ".strict"),
        };
    }

    private static void ReadToolChoice(ChatRequest request, JsonObject root, ResponsesToolNames names)
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

        if (choice is not JsonObject obj)
        {
            throw new InvalidRequestException($"'tool_choice' must be a string or an object, not {JsonRead.Kind(choice)}.", "tool_choice");
        }

        string type = JsonRead.RequiredString(obj, "type", "tool_choice.type");
        if (type is "function" or "custom")
        {
            string name = JsonRead.RequiredString(obj, "name", "tool_choice.name");
            request.ToolChoice = new ToolChoice(ToolChoiceKind.Specific, names.Upstream(name, JsonRead.String(obj, "namespace", "tool_choice.namespace")));
            return;
        }

        // allowed_tools, a hosted tool, mcp: no counterpart elsewhere, and losing it would change what the model may do.
        request.Extensions["tool_choice"] = obj;
    }

    private static void ReadText(ChatRequest request, JsonObject root)
    {
        if (JsonRead.Object(root, "text", "text") is not { } text)
        {
            return;
        }

        if (JsonRead.Object(text, "format", "text.format") is { } format)
        {
            string type = JsonRead.RequiredString(format, "type", "text.format.type");
            request.ResponseFormat = type switch
            {
                "text" => null,
                "json_object" => new ResponseFormat(ResponseFormatKind.JsonObject),
                "json_schema" => new ResponseFormat(
                    ResponseFormatKind.JsonSchema,
                    JsonRead.RequiredString(format, "name", "text.format.name"),
                    JsonRead.Object(format, "schema", "text.format.schema") ?? throw new InvalidRequestException("'text.format.schema' is required.", "text.format.schema"),
                    JsonRead.Bool(format, "strict", "text.format.strict")),
                _ => throw new InvalidRequestException($"'text.format.type' must be text, json_object or json_schema; got '{type}'.", "text.format.type"),
            };
        }

        foreach (var (name, value) in text)
        {
            if (name != "format" && !JsonRead.IsNull(value))
            {
                request.Extensions["text." + name] = value;
            }
        }
    }

    private static void ReadReasoning(ChatRequest request, JsonObject root)
    {
        if (JsonRead.Object(root, "reasoning", "reasoning") is not { } reasoning)
        {
            return;
        }

        string? effort = JsonRead.String(reasoning, "effort", "reasoning.effort");
        request.ReasoningEffort = effort is null or "none" or "minimal" or "low" or "medium" or "high" or "xhigh"
            ? effort
            : throw new InvalidRequestException($"'reasoning.effort' must be one of none, minimal, low, medium, high, xhigh; got '{effort}'.", "reasoning.effort");
        foreach (var (name, value) in reasoning)
        {
            if (name != "effort" && !JsonRead.IsNull(value))
            {
                request.Extensions["reasoning." + name] = value;
            }
        }
    }
}
