using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Buffers;
using Purser.Chat;
using Purser.Providers.Json;
using Purser.Providers.Translation;
using Purser.Translation;

namespace Purser.Providers.Gemini;

/// <summary>
/// Writes the body of a Gemini <c>generateContent</c> / <c>streamGenerateContent</c> call. A request that came in as
/// Gemini is passed through (its fields kept, safetySettings and thoughtSignatures included; maxOutputTokens and
/// temperature replaced where a stage changed them; a routing prompt addition appended to systemInstruction). Any
/// other is translated from the canonical form: which of its fields are mapped, dropped or refused is decided by
/// <see cref="TranslationPolicy"/>, and what Gemini cannot carry is a 400 naming the field. A few things are
/// deliberately left out, as documented here:
/// <list type="bullet">
/// <item>System messages inside the conversation (Anthropic <c>role: "system"</c>) are appended to systemInstruction
/// in order: Gemini has system text only there.</item>
/// <item>Earlier reasoning (<see cref="ThinkingPart"/>s) is not sent back: Gemini has no way to take another model's
/// thoughts, and its own travel as thought signatures (see <see cref="GeminiToolCallIds"/>).</item>
/// <item>Gemini 3 refuses a function call in the history without a thought signature; when the client's tool call id
/// carries none (the call came from another provider, or the history was edited), the documented
/// <c>skip_thought_signature_validator</c> placeholder is sent instead.</item>
/// <item><c>parallel_tool_calls</c>, the OpenAI participant <c>name</c>, <c>user</c> and <c>metadata</c> have no Gemini
/// equivalent and only steer behaviour or bookkeeping: they are not sent. A tool's <c>strict</c> flag and a JSON
/// schema's name and strict flag are not sent either (Gemini always constrains to the schema given).</item>
/// <item>Tool and response schemas are converted to Gemini's OpenAPI subset by <see cref="GeminiSchema"/>.</item>
/// </list>
/// </summary>
internal static class GeminiRequestWriter
{
    private const string Target = "Gemini";
    private const int MaxStopSequences = 5;

    /// <summary>The placeholder Google documents for function calls whose thought signature is unknown.</summary>
    internal const string SkipSignatureValidator = "skip_thought_signature_validator";

    /// <param name="upstreamModel">The Gemini model (with or without "models/"); it decides between thinking budget and level.</param>
    /// <param name="systemAddition">System text a stage appended (already in the canonical <see cref="ChatRequest.System"/>); passthrough appends it.</param>
    /// <param name="report">Where translation records what it dropped (and whether it may); none: a lenient one.</param>
    public static byte[] Write(ChatRequest request, string upstreamModel, string? systemAddition = null, TranslationReport? report = null)
    {
        JsonObject body = request.SourceProtocol == WireProtocol.Gemini && request.Raw is { } raw
            ? Passthrough(request, raw, systemAddition)
            : Translate(request, upstreamModel, report ?? new TranslationReport());
        using var buffer = new SegmentedBufferWriter();

        // Text goes as UTF-8, not \uXXXX escapes: the body is read by an API, never embedded in HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonWriting.WriteNode(writer, body);
        }

        return buffer.ToArray();
    }

    /// <summary>The client's body with what the stages changed: a copy, so a retry starts from the client's body again.</summary>
    private static JsonObject Passthrough(ChatRequest request, JsonObject raw, string? systemAddition)
    {
        var body = (JsonObject)raw.DeepClone();
        if (request.MaxTokens is int max || request.Temperature is not null)
        {
            JsonObject config = body["generationConfig"] as JsonObject ?? [];
            if (request.MaxTokens is int maxTokens && !JsonWriting.SameNumber(config["maxOutputTokens"], maxTokens))
            {
                config["maxOutputTokens"] = maxTokens;
            }

            if (request.Temperature is double temperature && !JsonWriting.SameNumber(config["temperature"], temperature))
            {
                config["temperature"] = temperature;
            }

            if (config.Count > 0 && body["generationConfig"] is null)
            {
                body["generationConfig"] = config;
            }
        }

        if (systemAddition is not null)
        {
            if (body["systemInstruction"] is JsonObject { } instruction && instruction["parts"] is JsonArray parts)
            {
                parts.Add(new JsonObject { ["text"] = systemAddition });
            }
            else
            {
                body["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = systemAddition }) };
            }
        }

        return body;
    }

    private static JsonObject Translate(ChatRequest request, string upstreamModel, TranslationReport report)
    {
        TranslationPolicy.Apply(request, WireProtocol.Gemini, report);
        string model = GeminiModel.Bare(upstreamModel);
        var body = new JsonObject();

        // System messages inside the conversation follow the system prompt, in order.
        var systemTexts = request.System.Select(p => p.Text)
            .Concat(request.Messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text))
            .Where(t => t.Length > 0)
            .ToList();
        if (systemTexts.Count > 0)
        {
            var parts = new JsonArray();
            foreach (string system in systemTexts)
            {
                parts.Add(new JsonObject { ["text"] = system });
            }

            body["systemInstruction"] = new JsonObject { ["parts"] = parts };
        }

        body["contents"] = WriteContents(request, GeminiModel.NeedsThoughtSignatures(model));

        if (request.Tools is { Count: > 0 } tools)
        {
            body["tools"] = new JsonArray(new JsonObject { ["functionDeclarations"] = WriteTools(tools) });
        }

        if (WriteToolConfig(request) is { } toolConfig)
        {
            body["toolConfig"] = toolConfig;
        }

        if (WriteGenerationConfig(request, model) is { Count: > 0 } generationConfig)
        {
            body["generationConfig"] = generationConfig;
        }

        return body;
    }

    private static JsonArray WriteContents(ChatRequest request, bool needsSignatures)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var contents = new JsonArray();
        string? lastRole = null;
        JsonArray? lastParts = null;
        for (int i = 0; i < request.Messages.Count; i++)
        {
            ChatMessage message = request.Messages[i];
            if (message.Role == ChatRole.System)
            {
                continue; // in systemInstruction
            }

            string path = $"messages[{i}]";
            string role = message.Role == ChatRole.Assistant ? "model" : "user";
            JsonArray parts = role == "model"
                ? ModelParts(message, path, names, needsSignatures, request.SourceProtocol)
                : UserParts(message, path, names, request.SourceProtocol);
            if (parts.Count == 0)
            {
                continue; // e.g. an assistant turn that held only thinking: Gemini refuses empty turns
            }

            if (role == lastRole)
            {
                // Gemini wants turns to alternate: consecutive turns of one role (tool results then a user message) become one.
                foreach (JsonNode? part in parts.ToList())
                {
                    parts.Remove(part);
                    lastParts!.Add(part);
                }

                continue;
            }

            contents.Add(new JsonObject { ["role"] = role, ["parts"] = parts });
            lastRole = role;
            lastParts = parts;
        }

        if (contents.Count == 0)
        {
            throw new InvalidRequestException("The request has no message content to send; Gemini needs at least one non-empty turn.", "messages");
        }

        return contents;
    }

    private static JsonArray ModelParts(ChatMessage message, string path, Dictionary<string, string> names, bool needsSignatures, WireProtocol source)
    {
        var parts = new JsonArray();
        JsonObject? firstCall = null;
        bool anySignature = false;
        foreach (ContentPart part in message.Content)
        {
            switch (part)
            {
                case TextPart t:
                    if (t.Text.Length > 0)
                    {
                        parts.Add(new JsonObject { ["text"] = t.Text });
                    }

                    break;
                case ToolCallPart call:
                    names[call.Id] = call.Name;
                    names[GeminiToolCallIds.Strip(call.Id)] = call.Name; // in case the client trims the id
                    var (id, signature) = GeminiToolCallIds.Split(call.Id);
                    var functionCall = new JsonObject
                    {
                        ["id"] = id,
                        ["name"] = call.Name,
                        ["args"] = ParseArguments(call, path),
                    };
                    var callPart = new JsonObject { ["functionCall"] = functionCall };
                    if (signature is not null)
                    {
                        callPart["thoughtSignature"] = signature;
                        anySignature = true;
                    }

                    firstCall ??= callPart;
                    parts.Add(callPart);
                    break;
                case ThinkingPart:
                    break; // see the class remarks
                case OpaquePart o:
                    throw TranslationCheck.Untranslatable($"An assistant '{o.Type}' block ({path})", Target, source);
                case ImagePart:
                    throw TranslationCheck.Untranslatable($"An image in an assistant message ({path})", Target, source);
                default:
                    throw TranslationCheck.Untranslatable($"A {part.GetType().Name} in an assistant message ({path})", Target, source);
            }
        }

        if (needsSignatures && firstCall is not null && !anySignature)
        {
            firstCall["thoughtSignature"] = SkipSignatureValidator;
        }

        return parts;
    }

    private static JsonArray UserParts(ChatMessage message, string path, Dictionary<string, string> names, WireProtocol source)
    {
        var parts = new JsonArray();
        for (int i = 0; i < message.Content.Count; i++)
        {
            ContentPart part = message.Content[i];
            string partPath = $"{path}.content[{i}]";
            switch (part)
            {
                case TextPart t:
                    if (t.Text.Length > 0)
                    {
                        parts.Add(new JsonObject { ["text"] = t.Text });
                    }

                    break;
                case ImagePart image:
                    parts.Add(WriteImage(image, partPath));
                    break;
                case ToolResultPart result:
                    parts.Add(WriteToolResult(result, partPath, names, source));
                    break;
                case OpaquePart o:
                    throw TranslationCheck.Untranslatable($"A '{o.Type}' content block ({partPath})", Target, source);
                default:
                    throw TranslationCheck.Untranslatable($"A {part.GetType().Name} in a {message.Role.ToString().ToLowerInvariant()} message ({partPath})", Target, source);
            }
        }

        return parts;
    }

    private static JsonObject WriteImage(ImagePart image, string path)
    {
        if (image.Data is not null)
        {
            if (string.IsNullOrEmpty(image.MediaType))
            {
                throw new InvalidRequestException($"The image at '{path}' has no media type; Gemini needs one (e.g. image/png).", path);
            }

            return new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = image.MediaType, ["data"] = image.Data } };
        }

        string url = image.Url ?? throw new InvalidRequestException($"The image at '{path}' has neither data nor a URL.", path);
        if (url.StartsWith("gs://", StringComparison.OrdinalIgnoreCase) || IsFilesApiUri(url))
        {
            var fileData = new JsonObject();
            if (!string.IsNullOrEmpty(image.MediaType))
            {
                fileData["mimeType"] = image.MediaType;
            }

            fileData["fileUri"] = url;
            return new JsonObject { ["fileData"] = fileData };
        }

        throw new InvalidRequestException(
            $"The image at '{path}' is given by URL ({Shorten(url)}). Gemini does not download images from arbitrary URLs: "
            + "send it inline as base64 (a data: URL), or as a Gemini Files API or gs:// URI.", path);
    }

    private static bool IsFilesApiUri(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && uri.Host.Equals("generativelanguage.googleapis.com", StringComparison.OrdinalIgnoreCase)
        && uri.AbsolutePath.Contains("/files/", StringComparison.Ordinal);

    private static string Shorten(string url) => url.Length <= 80 ? url : url[..80] + "…";

    private static JsonObject WriteToolResult(ToolResultPart result, string path, Dictionary<string, string> names, WireProtocol source)
    {
        if (!names.TryGetValue(result.ToolCallId, out string? name) && !names.TryGetValue(GeminiToolCallIds.Strip(result.ToolCallId), out name))
        {
            throw new InvalidRequestException(
                $"The tool result at '{path}' answers tool call '{GeminiToolCallIds.Strip(result.ToolCallId)}', which no earlier assistant message made; Gemini needs the function's name, which Purser takes from that call.", path);
        }

        foreach (ContentPart inner in result.Content)
        {
            if (inner is not TextPart)
            {
                throw TranslationCheck.Untranslatable($"An image or other non-text content inside a tool result ({path})", Target, source);
            }
        }

        string text = result.JoinedText();
        var response = new JsonObject { [result.IsError ? "error" : "output"] = AsJsonOrText(text) };
        return new JsonObject
        {
            ["functionResponse"] = new JsonObject
            {
                ["id"] = GeminiToolCallIds.Strip(result.ToolCallId),
                ["name"] = name,
                ["response"] = response,
            },
        };
    }

    /// <summary>A tool's JSON output goes to Gemini as structure, anything else as a string.</summary>
    private static JsonNode AsJsonOrText(string text)
    {
        ReadOnlySpan<char> trimmed = text.AsSpan().TrimStart();
        if (!trimmed.IsEmpty && trimmed[0] is '{' or '[')
        {
            try
            {
                if (JsonNode.Parse(text) is { } node)
                {
                    return node;
                }
            }
            catch (JsonException)
            {
            }
        }

        return JsonValue.Create(text)!;
    }

    private static JsonObject ParseArguments(ToolCallPart call, string path)
    {
        if (string.IsNullOrWhiteSpace(call.Arguments))
        {
            return [];
        }

        try
        {
            if (JsonNode.Parse(call.Arguments) is JsonObject args)
            {
                return args;
            }
        }
        catch (JsonException)
        {
        }

        throw new InvalidRequestException(
            $"The arguments of tool call '{GeminiToolCallIds.Strip(call.Id)}' ({call.Name}) in '{path}' are not a JSON object; Gemini takes function arguments only as an object.", path);
    }

    private static JsonArray WriteTools(List<ToolDefinition> tools)
    {
        var declarations = new JsonArray();
        for (int i = 0; i < tools.Count; i++)
        {
            ToolDefinition tool = tools[i];
            var declaration = new JsonObject { ["name"] = tool.Name };
            if (!string.IsNullOrEmpty(tool.Description))
            {
                declaration["description"] = tool.Description;
            }

            if (tool.Parameters is not null)
            {
                JsonObject parameters = GeminiSchema.Convert(tool.Parameters, $"tools[{i}].parameters", orderProperties: false);

                // A function without arguments has no parameters at all: Gemini refuses an OBJECT with no properties.
                if (parameters["properties"] is JsonObject { Count: > 0 } || parameters["type"]?.GetValue<string>() is not (null or "OBJECT"))
                {
                    declaration["parameters"] = parameters;
                }
            }

            declarations.Add(declaration);
        }

        return declarations;
    }

    private static JsonObject? WriteToolConfig(ChatRequest request)
    {
        if (request.ToolChoice is not { } choice || request.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        var config = new JsonObject();
        switch (choice.Kind)
        {
            case ToolChoiceKind.Auto:
                config["mode"] = "AUTO";
                break;
            case ToolChoiceKind.None:
                config["mode"] = "NONE";
                break;
            case ToolChoiceKind.Required:
                config["mode"] = "ANY";
                break;
            case ToolChoiceKind.Specific:
                if (!tools.Any(t => t.Name == choice.Name))
                {
                    throw new InvalidRequestException($"'tool_choice' names tool '{choice.Name}', which is not among the request's tools.", "tool_choice");
                }

                config["mode"] = "ANY";
                config["allowedFunctionNames"] = new JsonArray(JsonValue.Create(choice.Name));
                break;
        }

        return new JsonObject { ["functionCallingConfig"] = config };
    }

    private static JsonObject WriteGenerationConfig(ChatRequest request, string model)
    {
        var config = new JsonObject();
        if (request.Stop is { Count: > 0 } stop)
        {
            if (stop.Count > MaxStopSequences)
            {
                throw new InvalidRequestException($"Gemini accepts at most {MaxStopSequences} stop sequences; the request has {stop.Count}.", "stop");
            }

            config["stopSequences"] = new JsonArray([.. stop.Select(s => (JsonNode)JsonValue.Create(s))]);
        }

        if (request.MaxTokens is int maxTokens)
        {
            config["maxOutputTokens"] = maxTokens;
        }

        if (request.Temperature is double temperature)
        {
            config["temperature"] = temperature;
        }

        if (request.TopP is double topP)
        {
            config["topP"] = topP;
        }

        if (request.TopK is int topK)
        {
            config["topK"] = topK;
        }

        if (request.Seed is long seed)
        {
            config["seed"] = seed is >= int.MinValue and <= int.MaxValue
                ? (int)seed
                : throw new InvalidRequestException($"Gemini takes a 32-bit seed; {seed} is out of range.", "seed");
        }

        if (request.PresencePenalty is double presence)
        {
            config["presencePenalty"] = presence;
        }

        if (request.FrequencyPenalty is double frequency)
        {
            config["frequencyPenalty"] = frequency;
        }

        switch (request.ResponseFormat)
        {
            case { Kind: ResponseFormatKind.JsonObject }:
                config["responseMimeType"] = "application/json";
                break;
            case { Kind: ResponseFormatKind.JsonSchema } format:
                config["responseMimeType"] = "application/json";
                if (format.Schema is not null)
                {
                    config["responseSchema"] = GeminiSchema.Convert(format.Schema, "response_format.json_schema.schema", orderProperties: true);
                }

                break;
        }

        if (WriteThinkingConfig(request, model) is { } thinking)
        {
            config["thinkingConfig"] = thinking;
        }

        return config;
    }

    /// <summary>
    /// An explicit budget (Anthropic thinking) goes as thinkingBudget with includeThoughts, since the client asked to see
    /// the thinking. An effort (OpenAI reasoning_effort, Anthropic output_config.effort) goes as thinkingLevel on Gemini 3
    /// and as a budget on earlier models, with includeThoughts only when the client shows thinking (Anthropic thinking
    /// enabled or adaptive; OpenAI clients do not see reasoning). Adaptive thinking without an effort sends includeThoughts
    /// alone. Nothing is sent otherwise: models without thinking refuse a thinkingConfig.
    /// </summary>
    private static JsonObject? WriteThinkingConfig(ChatRequest request, string model)
    {
        if (request.ThinkingBudgetTokens is int budget)
        {
            return new JsonObject { ["thinkingBudget"] = budget, ["includeThoughts"] = true };
        }

        if (request.ReasoningEffort is not { } effort)
        {
            // Thinking shown at the model's own level (Anthropic adaptive thinking without an effort).
            return request.ShowThinking ? new JsonObject { ["includeThoughts"] = true } : null;
        }

        if (effort is not ("none" or "minimal" or "low" or "medium" or "high" or "xhigh" or "max"))
        {
            string field = TranslationPolicy.ClientName(request.SourceProtocol, "thinking");
            throw new InvalidRequestException($"'{field}' '{effort}' cannot be translated for Gemini; use none, minimal, low, medium or high.", field);
        }

        JsonObject config;
        if (GeminiModel.UsesThinkingLevel(model))
        {
            config = new JsonObject { ["thinkingLevel"] = effort is "low" or "minimal" or "none" ? "low" : "high" };
        }
        else
        {
            // Pro models cannot switch thinking off; 128 tokens is their floor.
            int tokens = TranslationCheck.BudgetFromEffort(effort) ?? (model.Contains("-pro", StringComparison.OrdinalIgnoreCase) ? 128 : 0);
            config = new JsonObject { ["thinkingBudget"] = tokens };
        }

        if (request.ShowThinking)
        {
            config["includeThoughts"] = true;
        }

        return config;
    }
}
