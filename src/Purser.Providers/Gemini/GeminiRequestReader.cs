using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;

namespace Purser.Providers.Gemini;

/// <summary>
/// Parses a Gemini <c>generateContent</c> / <c>streamGenerateContent</c> / <c>countTokens</c> body into the canonical
/// request, validating as it goes. The model and whether to stream come from the URL, not the body. Field names are
/// read in the API's camelCase or the snake_case its JSON parser also takes.
/// <list type="bullet">
/// <item>contents: user turns become user messages, model turns assistant messages. Text parts marked <c>thought</c>
/// are reasoning (their thoughtSignature kept); inlineData and fileData images are images; functionCall parts are tool
/// calls; functionResponse parts are tool results (a user turn holding them becomes a tool message, followed by a user
/// message with its other parts). Other parts (code execution, audio, video, documents) are kept as opaque parts, which
/// only a Gemini upstream can take.</item>
/// <item>Tool call ids: a functionCall without an id gets one (unique in the request), and a functionResponse answers
/// the call with its id, or else the earliest unanswered call of its name.</item>
/// <item>systemInstruction's text becomes the system prompt; functionDeclarations (with <c>parameters</c> or
/// <c>parametersJsonSchema</c>) become tools; other tool kinds (googleSearch, codeExecution, …) are extensions the
/// translation policy refuses for other upstreams.</item>
/// <item>generationConfig: stopSequences, maxOutputTokens, temperature, topP, topK, seed, penalties, responseMimeType
/// with responseSchema / responseJsonSchema (JSON mode) and thinkingConfig (budget, level, includeThoughts) are mapped;
/// what else it holds is decided by the translation policy from the raw body.</item>
/// </list>
/// </summary>
internal static class GeminiRequestReader
{
    /// <summary>Parses a generateContent body; throws <see cref="InvalidRequestException"/> for anything malformed.</summary>
    public static ChatRequest Read(ReadOnlySpan<byte> body, string model, bool stream) => Read(JsonRead.ParseObject(body), model, stream);

    /// <summary>
    /// Parses a countTokens body: <c>contents</c>, or a whole <c>generateContentRequest</c> (whose model, if it names one,
    /// is ignored in favour of the URL's).
    /// </summary>
    public static ChatRequest ReadCountTokens(ReadOnlySpan<byte> body, string model)
    {
        JsonObject root = JsonRead.ParseObject(body);
        if (Field(root, "generateContentRequest") is JsonNode inner)
        {
            return inner is JsonObject request
                ? Read(request, model, stream: false)
                : throw new InvalidRequestException($"'generateContentRequest' must be an object, not {JsonRead.Kind(inner)}.", "generateContentRequest");
        }

        return Read(root, model, stream: false);
    }

    public static ChatRequest Read(JsonObject root, string model, bool stream)
    {
        var request = new ChatRequest { SourceProtocol = WireProtocol.Gemini, Raw = root, Model = model, Stream = stream };
        ReadSystem(request, root);
        JsonArray contents = Array(root, "contents", "contents") ?? throw new InvalidRequestException("'contents' is required.", "contents");
        if (contents.Count == 0)
        {
            throw new InvalidRequestException("'contents' must contain at least one content.", "contents");
        }

        var calls = new ToolCallLedger();
        for (int i = 0; i < contents.Count; i++)
        {
            ReadContent(request, JsonRead.ObjectAt(contents, i, "contents"), $"contents[{i}]", calls);
        }

        ReadTools(request, root);
        ReadToolConfig(request, root);
        if (Object(root, "generationConfig", "generationConfig") is { } config)
        {
            ReadGenerationConfig(request, config);
        }

        return request;
    }

    private static void ReadSystem(ChatRequest request, JsonObject root)
    {
        JsonNode? system = Field(root, "systemInstruction");
        if (JsonRead.IsNull(system))
        {
            return;
        }

        if (system!.GetValueKind() == JsonValueKind.String)
        {
            request.System.Add(new TextPart(system.GetValue<string>()));
            return;
        }

        if (system is not JsonObject content)
        {
            throw new InvalidRequestException($"'systemInstruction' must be a Content object, not {JsonRead.Kind(system)}.", "systemInstruction");
        }

        JsonArray parts = Array(content, "parts", "systemInstruction.parts") ?? [];
        for (int i = 0; i < parts.Count; i++)
        {
            string path = $"systemInstruction.parts[{i}]";
            JsonObject part = JsonRead.ObjectAt(parts, i, "systemInstruction.parts");
            request.System.Add(new TextPart(String(part, "text", path + ".text")
                ?? throw new InvalidRequestException($"'{path}' must be a text part: systemInstruction holds text only.", path)));
        }
    }

    private static void ReadContent(ChatRequest request, JsonObject content, string path, ToolCallLedger calls)
    {
        string role = String(content, "role", path + ".role") ?? "user";
        bool model = role switch
        {
            "user" or "function" => false,
            "model" => true,
            _ => throw new InvalidRequestException($"'{path}.role' must be 'user' or 'model'; got '{role}'.", path + ".role"),
        };

        JsonArray parts = Array(content, "parts", path + ".parts") ?? throw new InvalidRequestException($"'{path}.parts' is required.", path + ".parts");
        var results = new List<ContentPart>();
        var rest = new List<ContentPart>(parts.Count);
        for (int i = 0; i < parts.Count; i++)
        {
            string partPath = $"{path}.parts[{i}]";
            JsonObject part = JsonRead.ObjectAt(parts, i, path + ".parts");
            if (Object(part, "functionCall", partPath + ".functionCall") is { } call)
            {
                if (!model)
                {
                    throw new InvalidRequestException($"'{partPath}': a functionCall belongs in a model turn.", partPath);
                }

                string name = RequiredString(call, "name", partPath + ".functionCall.name");
                JsonNode? args = Field(call, "args");
                if (!JsonRead.IsNull(args) && args is not JsonObject)
                {
                    throw new InvalidRequestException($"'{partPath}.functionCall.args' must be an object, not {JsonRead.Kind(args)}.", partPath + ".functionCall.args");
                }

                string id = calls.Called(String(call, "id", partPath + ".functionCall.id"), name, path, i);
                rest.Add(new ToolCallPart(id, name, args?.ToJsonString() ?? "{}"));
            }
            else if (Object(part, "functionResponse", partPath + ".functionResponse") is { } response)
            {
                if (model)
                {
                    throw new InvalidRequestException($"'{partPath}': a functionResponse belongs in a user turn.", partPath);
                }

                results.Add(ReadFunctionResponse(response, partPath + ".functionResponse", calls));
            }
            else
            {
                rest.Add(ReadPart(part, partPath, model));
            }
        }

        if (model)
        {
            request.Messages.Add(new ChatMessage(ChatRole.Assistant, rest));
            return;
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

    private static ContentPart ReadPart(JsonObject part, string path, bool model)
    {
        if (Field(part, "text") is JsonNode textNode && !JsonRead.IsNull(textNode))
        {
            string text = String(part, "text", path + ".text")!;
            if (JsonRead.Bool(part, "thought", path + ".thought") == true)
            {
                return new ThinkingPart(text) { Signature = String(part, "thoughtSignature", path + ".thoughtSignature") };
            }

            return new TextPart(text);
        }

        if (Object(part, "inlineData", path + ".inlineData") is { } inline)
        {
            string mimeType = RequiredString(inline, "mimeType", path + ".inlineData.mimeType");
            string data = RequiredString(inline, "data", path + ".inlineData.data");
            if (!mimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                return new OpaquePart("inlineData " + mimeType, part, WireProtocol.Gemini); // audio, video, PDF: only Gemini reads them
            }

            if (data.Length == 0 || !System.Buffers.Text.Base64.IsValid(data))
            {
                throw new InvalidRequestException($"'{path}.inlineData.data' is empty or not valid base64.", path + ".inlineData.data");
            }

            return new ImagePart { MediaType = mimeType, Data = data };
        }

        if (Object(part, "fileData", path + ".fileData") is { } file)
        {
            string uri = RequiredString(file, "fileUri", path + ".fileData.fileUri");
            string? mimeType = String(file, "mimeType", path + ".fileData.mimeType");
            return mimeType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true
                ? new ImagePart { Url = uri, MediaType = mimeType }
                : new OpaquePart("fileData", part, WireProtocol.Gemini);
        }

        string kind = part.Select(p => p.Key).FirstOrDefault(k => k is not ("thought" or "thoughtSignature" or "thought_signature")) ?? "empty";
        if (kind == "empty")
        {
            // A part holding only a thought signature (Gemini 3 may send one on its own): nothing to translate.
            return model ? new ThinkingPart("") { Signature = String(part, "thoughtSignature", path + ".thoughtSignature") } : new TextPart("");
        }

        return new OpaquePart(kind, part, WireProtocol.Gemini); // executableCode, codeExecutionResult, videoMetadata, …
    }

    private static ToolResultPart ReadFunctionResponse(JsonObject response, string path, ToolCallLedger calls)
    {
        string name = RequiredString(response, "name", path + ".name");
        string id = calls.Answered(String(response, "id", path + ".id"), name);
        JsonNode? payload = Field(response, "response");
        bool isError = false;
        string text;
        if (payload is JsonObject obj && obj.Count == 1 && obj.First() is var (key, value) && key is "output" or "error" or "content" && value?.GetValueKind() == JsonValueKind.String)
        {
            // The common shape {"output": "…"} (or {"error": "…"}) is the text itself.
            text = value.GetValue<string>();
            isError = key == "error";
        }
        else if (payload is JsonObject { Count: > 0 } error && error.Count == 1 && error["error"] is not null)
        {
            text = error["error"]!.ToJsonString();
            isError = true;
        }
        else
        {
            text = JsonRead.IsNull(payload) ? "" : payload!.ToJsonString();
        }

        return new ToolResultPart(id, [new TextPart(text)]) { IsError = isError };
    }

    private static void ReadTools(ChatRequest request, JsonObject root)
    {
        if (Array(root, "tools", "tools") is not { } tools)
        {
            return;
        }

        for (int i = 0; i < tools.Count; i++)
        {
            string path = $"tools[{i}]";
            JsonObject tool = JsonRead.ObjectAt(tools, i, "tools");
            foreach (var (key, value) in tool)
            {
                if (key is "functionDeclarations" or "function_declarations")
                {
                    JsonArray declarations = value as JsonArray
                        ?? throw new InvalidRequestException($"'{path}.functionDeclarations' must be an array, not {JsonRead.Kind(value)}.", path + ".functionDeclarations");
                    request.Tools ??= [];
                    for (int d = 0; d < declarations.Count; d++)
                    {
                        request.Tools.Add(ReadDeclaration(JsonRead.ObjectAt(declarations, d, path + ".functionDeclarations"), $"{path}.functionDeclarations[{d}]"));
                    }
                }
                else if (!JsonRead.IsNull(value))
                {
                    request.Extensions[$"tools[{i}]:{Camel(key)}"] = tool; // googleSearch, codeExecution, urlContext, …
                }
            }
        }
    }

    private static ToolDefinition ReadDeclaration(JsonObject declaration, string path)
    {
        string name = RequiredString(declaration, "name", path + ".name");
        if (name.Length == 0)
        {
            throw new InvalidRequestException($"'{path}.name' must not be empty.", path + ".name");
        }

        JsonNode? schema = Field(declaration, "parametersJsonSchema") ?? Field(declaration, "parameters");
        if (!JsonRead.IsNull(schema) && schema is not JsonObject)
        {
            throw new InvalidRequestException($"'{path}.parameters' must be a schema object, not {JsonRead.Kind(schema)}.", path + ".parameters");
        }

        return new ToolDefinition(name, String(declaration, "description", path + ".description"), JsonRead.IsNull(schema) ? null : GeminiJsonSchema.Convert(schema!));
    }

    private static void ReadToolConfig(ChatRequest request, JsonObject root)
    {
        if (Object(root, "toolConfig", "toolConfig") is not { } toolConfig
            || Object(toolConfig, "functionCallingConfig", "toolConfig.functionCallingConfig") is not { } config)
        {
            return;
        }

        const string path = "toolConfig.functionCallingConfig";
        string mode = String(config, "mode", path + ".mode") ?? "AUTO";
        List<string>? allowed = Array(config, "allowedFunctionNames", path + ".allowedFunctionNames")?
            .Select((n, i) => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : throw new InvalidRequestException($"'{path}.allowedFunctionNames[{i}]' must be a string.", path + ".allowedFunctionNames"))
            .ToList();
        request.ToolChoice = mode switch
        {
            "AUTO" or "MODE_UNSPECIFIED" or "VALIDATED" => ToolChoice.Auto,
            "NONE" => ToolChoice.None,
            "ANY" => allowed is [string only] ? new ToolChoice(ToolChoiceKind.Specific, only) : ToolChoice.Required,
            _ => throw new InvalidRequestException($"'{path}.mode' must be AUTO, ANY, NONE or VALIDATED; got '{mode}'.", path + ".mode"),
        };
    }

    private static void ReadGenerationConfig(ChatRequest request, JsonObject config)
    {
        const string p = "generationConfig.";
        if (Array(config, "stopSequences", p + "stopSequences") is { } stops)
        {
            request.Stop = [.. stops.Select((s, i) => s?.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : throw new InvalidRequestException($"'{p}stopSequences[{i}]' must be a string.", p + "stopSequences"))];
        }

        request.MaxTokens = (int?)Integer(config, "maxOutputTokens", p + "maxOutputTokens", 1, int.MaxValue);
        request.Choices = (int?)Integer(config, "candidateCount", p + "candidateCount", 1, int.MaxValue); // each candidate is billed
        request.Temperature = Number(config, "temperature", p + "temperature", 0, 2);
        request.TopP = Number(config, "topP", p + "topP", 0, 1);
        request.TopK = (int?)Integer(config, "topK", p + "topK", 1, int.MaxValue);
        request.Seed = Integer(config, "seed", p + "seed", int.MinValue, int.MaxValue);
        request.PresencePenalty = Number(config, "presencePenalty", p + "presencePenalty", -2, 2);
        request.FrequencyPenalty = Number(config, "frequencyPenalty", p + "frequencyPenalty", -2, 2);
        string? mimeType = String(config, "responseMimeType", p + "responseMimeType");
        JsonNode? schema = Field(config, "responseJsonSchema") ?? Field(config, "responseSchema");
        if (mimeType == "application/json")
        {
            request.ResponseFormat = JsonRead.IsNull(schema)
                ? new ResponseFormat(ResponseFormatKind.JsonObject)
                : schema is JsonObject
                    ? new ResponseFormat(ResponseFormatKind.JsonSchema, "response", GeminiJsonSchema.Convert(schema!))
                    : throw new InvalidRequestException($"'{p}responseSchema' must be a schema object, not {JsonRead.Kind(schema)}.", p + "responseSchema");
        }

        if (Object(config, "thinkingConfig", p + "thinkingConfig") is { } thinking)
        {
            ReadThinking(request, thinking);
        }
    }

    /// <summary>
    /// thinkingBudget: 0 turns thinking off (effort none), -1 leaves it to the model, more is a budget; thinkingLevel is
    /// an effort; includeThoughts shows the thinking.
    /// </summary>
    private static void ReadThinking(ChatRequest request, JsonObject thinking)
    {
        const string p = "generationConfig.thinkingConfig.";
        request.ShowThinking = JsonRead.Bool(thinking, Key(thinking, "includeThoughts"), p + "includeThoughts") ?? false;
        if (String(thinking, "thinkingLevel", p + "thinkingLevel") is { } level)
        {
            request.ReasoningEffort = level.ToUpperInvariant() switch
            {
                "MINIMAL" => "minimal",
                "LOW" => "low",
                "MEDIUM" => "medium",
                "HIGH" => "high",
                "THINKING_LEVEL_UNSPECIFIED" => null,
                _ => throw new InvalidRequestException($"'{p}thinkingLevel' must be MINIMAL, LOW, MEDIUM or HIGH; got '{level}'.", p + "thinkingLevel"),
            };
        }

        switch (Integer(thinking, "thinkingBudget", p + "thinkingBudget", -1, int.MaxValue))
        {
            case 0:
                request.ReasoningEffort ??= "none";
                break;
            case > 0 and var budget:
                request.ThinkingBudgetTokens = (int)budget;
                break;
        }
    }

    // Field access in camelCase, or the snake_case the API also accepts.
    private static string Key(JsonObject obj, string camel)
    {
        if (obj.ContainsKey(camel))
        {
            return camel;
        }

        string snake = Snake(camel);
        return obj.ContainsKey(snake) ? snake : camel;
    }

    private static JsonNode? Field(JsonObject obj, string camel) => obj[Key(obj, camel)];

    private static string? String(JsonObject obj, string camel, string path) => JsonRead.String(obj, Key(obj, camel), path);

    private static string RequiredString(JsonObject obj, string camel, string path) => JsonRead.RequiredString(obj, Key(obj, camel), path);

    private static JsonObject? Object(JsonObject obj, string camel, string path) => JsonRead.Object(obj, Key(obj, camel), path);

    private static JsonArray? Array(JsonObject obj, string camel, string path) => JsonRead.Array(obj, Key(obj, camel), path);

    private static double? Number(JsonObject obj, string camel, string path, double min, double max) => JsonRead.Number(obj, Key(obj, camel), path, min, max);

    private static long? Integer(JsonObject obj, string camel, string path, long min, long max) => JsonRead.Integer(obj, Key(obj, camel), path, min, max);

    /// <summary>"maxOutputTokens" → "max_output_tokens".</summary>
    internal static string Snake(string camel) =>
        string.Concat(camel.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>"max_output_tokens" → "maxOutputTokens".</summary>
    internal static string Camel(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }

        string[] words = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    /// <summary>
    /// The function calls of the request's model turns, so each functionResponse answers one: by id when both have
    /// one, else the earliest unanswered call of the same name.
    /// </summary>
    private sealed class ToolCallLedger
    {
        private readonly List<(string Id, string Name, bool Answered)> _calls = [];

        public string Called(string? id, string name, string contentPath, int partIndex)
        {
            string callId = string.IsNullOrEmpty(id) ? $"call_{contentPath.Replace("contents[", "", StringComparison.Ordinal).TrimEnd(']')}_{partIndex}" : id;
            _calls.Add((callId, name, false));
            return callId;
        }

        public string Answered(string? id, string name)
        {
            int index = string.IsNullOrEmpty(id) ? -1 : _calls.FindIndex(c => c.Id == id);
            if (index < 0)
            {
                index = _calls.FindIndex(c => !c.Answered && c.Name == name);
            }

            if (index < 0)
            {
                return string.IsNullOrEmpty(id) ? name : id; // no call made it: the writers say so
            }

            _calls[index] = _calls[index] with { Answered = true };
            return _calls[index].Id;
        }
    }
}
