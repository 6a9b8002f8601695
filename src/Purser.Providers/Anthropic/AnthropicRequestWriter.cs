using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Buffers;
using Purser.Chat;
using Purser.Providers.Json;
using Purser.Providers.Translation;
using Purser.Translation;

namespace Purser.Providers.Anthropic;

/// <summary>
/// Writes the body of an upstream Messages call. A request that came in as Anthropic is passed through (its fields
/// kept; model, stream and max_tokens, which a stage may have capped, set; temperature replaced where a stage set it;
/// a routing prompt addition appended to system); any other is translated from the canonical form.
/// </summary>
/// <remarks>
/// Translation choices:
/// <list type="bullet">
/// <item>Consecutive same-role turns are merged (Anthropic wants user and assistant to alternate); tool results
/// become tool_result blocks at the front of a user turn.</item>
/// <item>max_tokens is required by Anthropic: a request without one gets the writer's default.</item>
/// <item>reasoning_effort becomes a thinking budget (<see cref="TranslationCheck.BudgetFromEffort"/>). Effort is a
/// hint: when max_tokens leaves no room for a 1024-token budget, or when the conversation continues a tool-use turn
/// whose assistant message has no signed thinking block (which Anthropic would refuse), the call goes without thinking.</item>
/// <item>JSON mode has no native equivalent in every Claude model. json_object appends a system instruction.
/// json_schema uses the forced-tool technique: a tool named <see cref="JsonToolName"/> whose input_schema is the
/// schema, with tool_choice making the model call it; <see cref="AnthropicResponseReader"/> and
/// <see cref="AnthropicStreamParser"/> turn that call back into text, so the client sees the JSON as the answer.</item>
/// <item>Which fields are mapped, dropped (seed, frequency_penalty and presence_penalty have no Anthropic equivalent)
/// or refused is decided by <see cref="TranslationPolicy"/>. Extended thinking does not allow a temperature other than
/// 1, top_k or a top_p below 0.95: those are dropped and named when thinking is on, and a forced tool choice turns
/// thinking off (named as dropped). System messages inside the conversation are appended to the system prompt in order.
/// A tool's strict flag and an image's detail hint are dropped (Anthropic validates tool input against the schema anyway).
/// Earlier reasoning without an Anthropic signature is not sent back (Anthropic refuses unsigned thinking blocks).</item>
/// </list>
/// </remarks>
internal static class AnthropicRequestWriter
{
    /// <summary>max_tokens for a translated request that has none (Anthropic requires it).</summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>The tool a json_schema response format is answered through.</summary>
    public const string JsonToolName = "json_response";

    private const string Target = "Anthropic";
    private const int MinThinkingBudget = 1024;

    private const string JsonObjectInstruction =
        "Respond with a single valid JSON object and nothing else: no prose before or after it, no markdown code fences.";

    private const string JsonToolInstruction =
        "Give your final answer by calling the " + JsonToolName + " tool with the answer as its input; do not write the answer as text.";

    private static readonly HashSet<string> WrittenFields = new(StringComparer.Ordinal)
    {
        "model", "messages", "system", "max_tokens", "tools", "tool_choice", "stop_sequences", "temperature",
        "top_p", "top_k", "stream", "metadata", "thinking",
    };

    /// <summary>Whether the request is sent as received (same protocol, body kept).</summary>
    public static bool IsPassthrough(ChatRequest request) => request.SourceProtocol == WireProtocol.AnthropicMessages && request.Raw is not null;

    /// <summary>
    /// max_tokens as the body for <paramref name="request"/> carries it: the client's on passthrough; translated, the
    /// request's or <paramref name="defaultMaxTokens"/>, raised above a thinking budget that would not fit under the default
    /// (as <see cref="ThinkingBudget"/> does). Anthropic's max_tokens counts thinking too.
    /// </summary>
    public static int? SentMaxTokens(ChatRequest request, int defaultMaxTokens = DefaultMaxTokens)
    {
        if (IsPassthrough(request) || request.MaxTokens is int)
        {
            return request.MaxTokens;
        }

        int max = defaultMaxTokens;
        if ((request.ThinkingBudgetTokens ?? TranslationCheck.BudgetFromEffort(request.ReasoningEffort)) is int budget && Math.Max(budget, MinThinkingBudget) >= max)
        {
            max += Math.Max(budget, MinThinkingBudget);
        }

        return max;
    }

    /// <summary>Whether the translated body asks for JSON through the <see cref="JsonToolName"/> tool, which the readers turn back into text.</summary>
    public static bool UsesJsonTool(ChatRequest request) => !IsPassthrough(request) && request.ResponseFormat?.Kind == ResponseFormatKind.JsonSchema;

    /// <param name="defaultMaxTokens">max_tokens when the request has none (the model's output cap or <see cref="DefaultMaxTokens"/>).</param>
    /// <param name="systemAddition">System text a stage appended (already in the canonical <see cref="ChatRequest.System"/>); passthrough appends it.</param>
    /// <param name="report">Where translation records what it dropped (and whether it may); none: a lenient one.</param>
    public static byte[] Write(ChatRequest request, string upstreamModel, bool stream, int defaultMaxTokens = DefaultMaxTokens, string? systemAddition = null, TranslationReport? report = null)
    {
        using var buffer = new SegmentedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (IsPassthrough(request))
            {
                WritePassthrough(writer, request.Raw!, upstreamModel, stream, request.MaxTokens, request.Temperature, systemAddition);
            }
            else
            {
                WriteTranslated(writer, request, upstreamModel, stream, defaultMaxTokens, report ?? new TranslationReport());
            }
        }

        return buffer.ToArray();
    }

    /// <param name="maxTokens">The request's max tokens, which a stage may have lowered (a budget tier's cap); it replaces the client's.</param>
    /// <param name="temperature">The request's temperature, which a stage may have set (the routing cascade); it replaces the client's when different.</param>
    /// <param name="systemAddition">System text to append to the client's system prompt.</param>
    private static void WritePassthrough(Utf8JsonWriter writer, JsonObject raw, string model, bool stream, int? maxTokens, double? temperature, string? systemAddition)
    {
        double? newTemperature = temperature is double t && !JsonWriting.SameNumber(raw["temperature"], t) ? t : null;
        writer.WriteStartObject();
        writer.WriteString("model", model);
        if (maxTokens is int max)
        {
            writer.WriteNumber("max_tokens", max);
        }

        foreach (var (name, value) in raw)
        {
            if (name is "model" or "stream" || (name == "max_tokens" && maxTokens is not null) || (name == "temperature" && newTemperature is not null))
            {
                continue;
            }

            writer.WritePropertyName(name);
            if (name == "system" && systemAddition is not null)
            {
                WriteSystemWithAddition(writer, value, systemAddition);
            }
            else
            {
                JsonWriting.WriteNode(writer, value);
            }
        }

        if (systemAddition is not null && !raw.ContainsKey("system"))
        {
            JsonStrings.Write(writer, "system", systemAddition);
        }

        if (newTemperature is double written)
        {
            writer.WriteNumber("temperature", written);
        }

        if (stream)
        {
            writer.WriteBoolean("stream", true);
        }

        writer.WriteEndObject();
    }

    /// <summary>The client's system prompt (a string or text blocks) with <paramref name="addition"/> after it.</summary>
    private static void WriteSystemWithAddition(Utf8JsonWriter writer, JsonNode? system, string addition)
    {
        if (system is JsonArray blocks)
        {
            writer.WriteStartArray();
            foreach (JsonNode? block in blocks)
            {
                JsonWriting.WriteNode(writer, block);
            }

            writer.WriteStartObject();
            writer.WriteString("type", "text");
            JsonStrings.Write(writer, "text", addition);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        else if (system is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0)
        {
            writer.WriteStringValue(text + "\n\n" + addition);
        }
        else
        {
            writer.WriteStringValue(addition);
        }
    }

    private static void WriteTranslated(Utf8JsonWriter writer, ChatRequest request, string model, bool stream, int defaultMaxTokens, TranslationReport report)
    {
        bool native = request.SourceProtocol == WireProtocol.AnthropicMessages;
        TranslationPolicy.Apply(request, WireProtocol.AnthropicMessages, report);
        if (request.Temperature is > 1)
        {
            throw new InvalidRequestException($"'temperature' must be between 0 and 1 for an Anthropic provider; got {request.Temperature}.", TranslationPolicy.ClientName(request.SourceProtocol, "temperature"));
        }

        List<Turn> turns = BuildTurns(request);
        int maxTokens = request.MaxTokens ?? defaultMaxTokens;
        Sampling sampling = new(request.Temperature, request.TopP, request.TopK);
        int? thinking = ThinkingBudget(request, turns, ref maxTokens, ref sampling, report);
        bool jsonTool = request.ResponseFormat?.Kind == ResponseFormatKind.JsonSchema;
        if (jsonTool && request.Tools?.Any(t => t.Name == JsonToolName) == true)
        {
            throw new InvalidRequestException($"The tool name '{JsonToolName}' is reserved by Purser for JSON-schema answers from Anthropic models; rename the tool.", "tools");
        }

        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteNumber("max_tokens", maxTokens);
        WriteSystem(writer, request, jsonTool);
        writer.WriteStartArray("messages");
        foreach (Turn turn in turns)
        {
            turn.Write(writer, request.SourceProtocol);
        }

        writer.WriteEndArray();
        WriteTools(writer, request, jsonTool, native);
        WriteToolChoice(writer, request, jsonTool, thinking is not null);
        if (request.Stop is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop_sequences");
            foreach (string s in stop)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        if (sampling.Temperature is double temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (sampling.TopP is double topP)
        {
            writer.WriteNumber("top_p", topP);
        }

        if (sampling.TopK is int topK)
        {
            writer.WriteNumber("top_k", topK);
        }

        if (thinking is int budget)
        {
            writer.WriteStartObject("thinking");
            writer.WriteString("type", "enabled");
            writer.WriteNumber("budget_tokens", budget);
            writer.WriteEndObject();
        }

        if (request.User is not null)
        {
            writer.WriteStartObject("metadata");
            writer.WriteString("user_id", request.User);
            writer.WriteEndObject();
        }

        if (native)
        {
            // Built in code from Anthropic fields (no Raw): its extensions are Anthropic's own.
            foreach (var (name, value) in request.Extensions)
            {
                if (!WrittenFields.Contains(name) && !name.StartsWith("tools[", StringComparison.Ordinal))
                {
                    writer.WritePropertyName(name);
                    JsonWriting.WriteNode(writer, value);
                }
            }
        }

        if (stream)
        {
            writer.WriteBoolean("stream", true);
        }

        writer.WriteEndObject();
    }

    /// <summary>The thinking budget to send, or null; may raise <paramref name="maxTokens"/> when the request left it to the default.</summary>
    private static int? ThinkingBudget(ChatRequest request, List<Turn> turns, ref int maxTokens, ref Sampling sampling, TranslationReport report)
    {
        int? budget = request.ThinkingBudgetTokens;

        // A budget translated from another protocol is a hint (Gemini's thinkingBudget counts apart from its output).
        bool fromEffort = request.SourceProtocol != WireProtocol.AnthropicMessages;
        if (budget is null && request.ReasoningEffort is { } effort)
        {
            budget = TranslationCheck.BudgetFromEffort(effort);
            if (budget is null && effort is not ("minimal" or "none"))
            {
                string field = TranslationPolicy.ClientName(request.SourceProtocol, "thinking");
                throw new InvalidRequestException($"'{field}' '{effort}' cannot be translated for an Anthropic provider; use minimal, low, medium or high.", field);
            }

            fromEffort = true;
        }

        if (budget is not int b)
        {
            return null;
        }

        b = Math.Max(b, MinThinkingBudget);
        if (b >= maxTokens)
        {
            if (request.MaxTokens is null)
            {
                maxTokens = b + maxTokens;
            }
            else if (fromEffort)
            {
                // max_tokens counts thinking too: keep half of it for the answer, or go without thinking.
                b = maxTokens / 2;
                if (b < MinThinkingBudget)
                {
                    return null;
                }
            }
            else
            {
                throw new InvalidRequestException($"The thinking budget ({b} tokens) must be less than max tokens ({maxTokens}) for an Anthropic provider.", "max_tokens");
            }
        }

        if (ContinuesUnsignedToolTurn(turns))
        {
            return null;
        }

        if (request.ToolChoice?.Kind is ToolChoiceKind.Required or ToolChoiceKind.Specific && request.Tools is { Count: > 0 })
        {
            // Anthropic allows only auto or none with thinking: the forced tool is what the client needs, thinking a hint.
            if (!fromEffort)
            {
                throw new InvalidRequestException("'tool_choice' cannot force a tool together with a thinking budget for an Anthropic provider: extended thinking allows a tool_choice of auto or none only.", "tool_choice");
            }

            TranslationPolicy.Drop(request, WireProtocol.AnthropicMessages, report, TranslationPolicy.ClientName(request.SourceProtocol, "thinking"), "Anthropic does not allow extended thinking with a forced tool");
            return null;
        }

        // Extended thinking needs temperature 1 (or unset), no top_k and a top_p of at least 0.95: those sampling settings give way.
        const string Reason = "Anthropic does not allow it with extended thinking";
        if (sampling.Temperature is double t && t != 1)
        {
            TranslationPolicy.Drop(request, WireProtocol.AnthropicMessages, report, TranslationPolicy.ClientName(request.SourceProtocol, "temperature"), Reason);
            sampling = sampling with { Temperature = null };
        }

        if (sampling.TopK is not null)
        {
            TranslationPolicy.Drop(request, WireProtocol.AnthropicMessages, report, TranslationPolicy.ClientName(request.SourceProtocol, "top_k"), Reason);
            sampling = sampling with { TopK = null };
        }

        if (sampling.TopP is double p && p < 0.95)
        {
            TranslationPolicy.Drop(request, WireProtocol.AnthropicMessages, report, TranslationPolicy.ClientName(request.SourceProtocol, "top_p"), Reason);
            sampling = sampling with { TopP = null };
        }

        return b;
    }

    /// <summary>Anthropic wants the assistant turn of an ongoing tool loop to start with its (signed) thinking block when thinking is on.</summary>
    private static bool ContinuesUnsignedToolTurn(List<Turn> turns)
    {
        if (turns.Count < 2 || turns[^1].Assistant || turns[^1].Results.Count == 0 || !turns[^2].Assistant)
        {
            return false;
        }

        return turns[^2].Others.Count == 0 || turns[^2].Others[0] is not ThinkingPart;
    }

    private static void WriteSystem(Utf8JsonWriter writer, ChatRequest request, bool jsonTool)
    {
        // System messages inside the conversation follow the system prompt, in order.
        var texts = request.System.Select(p => p.Text)
            .Concat(request.Messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text))
            .Where(t => t.Length > 0)
            .ToList();
        if (request.ResponseFormat?.Kind == ResponseFormatKind.JsonObject)
        {
            texts.Add(JsonObjectInstruction);
        }
        else if (jsonTool)
        {
            texts.Add(JsonToolInstruction);
        }

        if (texts.Count == 0)
        {
            return;
        }

        if (texts.Count == 1)
        {
            JsonStrings.Write(writer, "system", texts[0]);
            return;
        }

        writer.WriteStartArray("system");
        foreach (string text in texts)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            JsonStrings.Write(writer, "text", text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteTools(Utf8JsonWriter writer, ChatRequest request, bool jsonTool, bool native)
    {
        List<JsonNode?> nativeTools = native
            ? request.Extensions.Where(e => e.Key.StartsWith("tools[", StringComparison.Ordinal)).Select(e => e.Value).ToList()
            : [];
        if (request.Tools is not { Count: > 0 } && !jsonTool && nativeTools.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (ToolDefinition tool in request.Tools ?? [])
        {
            WriteTool(writer, tool.Name, tool.Description, tool.Parameters);
        }

        foreach (JsonNode? tool in nativeTools)
        {
            JsonWriting.WriteNode(writer, tool);
        }

        if (jsonTool)
        {
            ResponseFormat format = request.ResponseFormat!;
            string description = "Return the final answer as JSON" + (format.SchemaName is { Length: > 0 } name && name != "response" ? $" ({name})" : "") + " matching this schema.";
            WriteTool(writer, JsonToolName, description, format.Schema);
        }

        writer.WriteEndArray();
    }

    private static void WriteTool(Utf8JsonWriter writer, string name, string? description, JsonNode? schema)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        if (description is not null)
        {
            writer.WriteString("description", description);
        }

        writer.WritePropertyName("input_schema");
        if (schema is null)
        {
            writer.WriteRawValue("""{"type":"object","properties":{}}""");
        }
        else
        {
            JsonWriting.WriteNode(writer, schema);
        }

        writer.WriteEndObject();
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, ChatRequest request, bool jsonTool, bool thinking)
    {
        bool hasTools = request.Tools is { Count: > 0 };
        if (!hasTools && !jsonTool)
        {
            return;
        }

        ToolChoice? choice = request.ToolChoice;
        if (jsonTool && !thinking)
        {
            // Force the JSON tool, unless the caller's own tools may still be called first (then any tool must be called).
            choice = choice?.Kind switch
            {
                ToolChoiceKind.Specific => choice,
                ToolChoiceKind.None => new ToolChoice(ToolChoiceKind.Specific, JsonToolName),
                _ when hasTools => ToolChoice.Required,
                _ => new ToolChoice(ToolChoiceKind.Specific, JsonToolName),
            };
        }
        else if (jsonTool && choice?.Kind == ToolChoiceKind.None)
        {
            choice = ToolChoice.Auto; // thinking allows only auto or none; the system instruction asks for the JSON tool
        }

        bool disableParallel = request.ParallelToolCalls == false;
        if (choice is null && !disableParallel)
        {
            return;
        }

        writer.WriteStartObject("tool_choice");
        switch (choice?.Kind ?? ToolChoiceKind.Auto)
        {
            case ToolChoiceKind.Auto:
                writer.WriteString("type", "auto");
                break;
            case ToolChoiceKind.None:
                writer.WriteString("type", "none");
                break;
            case ToolChoiceKind.Required:
                writer.WriteString("type", "any");
                break;
            case ToolChoiceKind.Specific:
                writer.WriteString("type", "tool");
                writer.WriteString("name", choice!.Name);
                break;
        }

        if (disableParallel && choice?.Kind != ToolChoiceKind.None)
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
    }

    private static List<Turn> BuildTurns(ChatRequest request)
    {
        var turns = new List<Turn>(request.Messages.Count);
        for (int i = 0; i < request.Messages.Count; i++)
        {
            ChatMessage message = request.Messages[i];
            if (message.Role == ChatRole.System)
            {
                continue; // in the system prompt (WriteSystem)
            }

            bool assistant = message.Role == ChatRole.Assistant;
            var turn = new Turn(assistant);
            foreach (ContentPart part in message.Content)
            {
                switch (part)
                {
                    case TextPart t when t.Text.Length == 0:
                        break; // Anthropic refuses empty text blocks
                    case ToolResultPart result when !assistant:
                        turn.Results.Add(result);
                        break;
                    case ToolCallPart call when assistant:
                        turn.Others.Add(call);
                        break;
                    case ThinkingPart thinking when assistant:
                        if (thinking.RedactedData is not null || !string.IsNullOrEmpty(thinking.Signature))
                        {
                            turn.Others.Add(thinking);
                        }

                        break;
                    case ImagePart when assistant:
                        throw TranslationCheck.Untranslatable($"An image in an assistant message (messages[{i}])", Target, request.SourceProtocol);
                    case TextPart or ImagePart:
                        turn.Others.Add(part);
                        break;
                    case OpaquePart o when o.Origin == WireProtocol.AnthropicMessages:
                        turn.Others.Add(o);
                        break;
                    case OpaquePart o:
                        throw TranslationCheck.Untranslatable($"A '{o.Type}' content block (messages[{i}])", Target, request.SourceProtocol);
                    default:
                        throw TranslationCheck.Untranslatable($"A {part.GetType().Name} in a {message.Role.ToString().ToLowerInvariant()} message (messages[{i}])", Target, request.SourceProtocol);
                }
            }

            if (turn.Results.Count == 0 && turn.Others.Count == 0)
            {
                continue;
            }

            if (turns.Count > 0 && turns[^1].Assistant == assistant)
            {
                turns[^1].Results.AddRange(turn.Results);
                turns[^1].Others.AddRange(turn.Others);
            }
            else
            {
                turns.Add(turn);
            }
        }

        return turns;
    }

    /// <summary>The sampling settings to send, which extended thinking may take away.</summary>
    private readonly record struct Sampling(double? Temperature, double? TopP, int? TopK);

    /// <summary>One Anthropic message: a user turn writes its tool results first (as Anthropic requires), then the rest.</summary>
    private sealed class Turn(bool assistant)
    {
        public bool Assistant { get; } = assistant;

        public List<ToolResultPart> Results { get; } = [];

        public List<ContentPart> Others { get; } = [];

        public void Write(Utf8JsonWriter writer, WireProtocol source)
        {
            writer.WriteStartObject();
            writer.WriteString("role", Assistant ? "assistant" : "user");
            if (Results.Count == 0 && Others.Count == 1 && Others[0] is TextPart only)
            {
                JsonStrings.Write(writer, "content", only.Text);
                writer.WriteEndObject();
                return;
            }

            writer.WriteStartArray("content");
            foreach (ToolResultPart result in Results)
            {
                WriteToolResult(writer, result, source);
            }

            foreach (ContentPart part in Others)
            {
                WriteBlock(writer, part, source);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static void WriteBlock(Utf8JsonWriter writer, ContentPart part, WireProtocol source)
        {
            switch (part)
            {
                case TextPart t:
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    JsonStrings.Write(writer, "text", t.Text);
                    writer.WriteEndObject();
                    break;
                case ImagePart image:
                    WriteImage(writer, image);
                    break;
                case ToolCallPart call:
                    writer.WriteStartObject();
                    writer.WriteString("type", "tool_use");
                    writer.WriteString("id", call.Id);
                    writer.WriteString("name", call.Name);
                    writer.WritePropertyName("input");
                    WriteArguments(writer, call);
                    writer.WriteEndObject();
                    break;
                case ThinkingPart { RedactedData: { } data }:
                    writer.WriteStartObject();
                    writer.WriteString("type", "redacted_thinking");
                    writer.WriteString("data", data);
                    writer.WriteEndObject();
                    break;
                case ThinkingPart thinking:
                    writer.WriteStartObject();
                    writer.WriteString("type", "thinking");
                    JsonStrings.Write(writer, "thinking", thinking.Text);
                    writer.WriteString("signature", thinking.Signature);
                    writer.WriteEndObject();
                    break;
                case OpaquePart o:
                    JsonWriting.WriteNode(writer, o.Json);
                    break;
                default:
                    throw TranslationCheck.Untranslatable($"A {part.GetType().Name}", Target, source);
            }
        }

        private static void WriteToolResult(Utf8JsonWriter writer, ToolResultPart result, WireProtocol source)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "tool_result");
            writer.WriteString("tool_use_id", result.ToolCallId);
            if (result.Content.Count == 1 && result.Content[0] is TextPart only)
            {
                JsonStrings.Write(writer, "content", only.Text);
            }
            else if (result.Content.Count > 0)
            {
                writer.WriteStartArray("content");
                foreach (ContentPart inner in result.Content)
                {
                    switch (inner)
                    {
                        case TextPart t when t.Text.Length == 0:
                            break;
                        case TextPart or ImagePart:
                            WriteBlock(writer, inner, source);
                            break;
                        case OpaquePart o when o.Origin == WireProtocol.AnthropicMessages:
                            JsonWriting.WriteNode(writer, o.Json);
                            break;
                        case OpaquePart o:
                            throw TranslationCheck.Untranslatable($"A '{o.Type}' block inside a tool result", Target, source);
                        default:
                            throw TranslationCheck.Untranslatable($"A {inner.GetType().Name} inside a tool result", Target, source);
                    }
                }

                writer.WriteEndArray();
            }

            if (result.IsError)
            {
                writer.WriteBoolean("is_error", true);
            }

            writer.WriteEndObject();
        }

        private static void WriteImage(Utf8JsonWriter writer, ImagePart image)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "image");
            writer.WriteStartObject("source");
            if (image.Url is not null)
            {
                writer.WriteString("type", "url");
                writer.WriteString("url", image.Url);
            }
            else
            {
                writer.WriteString("type", "base64");
                writer.WriteString("media_type", image.MediaType);
                writer.WriteString("data", image.Data);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static void WriteArguments(Utf8JsonWriter writer, ToolCallPart call)
        {
            if (string.IsNullOrWhiteSpace(call.Arguments))
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
                return;
            }

            JsonNode? input;
            try
            {
                input = JsonNode.Parse(call.Arguments);
            }
            catch (JsonException)
            {
                throw new InvalidRequestException($"The arguments of tool call '{call.Id}' ({call.Name}) are not valid JSON; Anthropic needs them as a JSON object.", "messages");
            }

            if (input is not JsonObject)
            {
                throw new InvalidRequestException($"The arguments of tool call '{call.Id}' ({call.Name}) must be a JSON object for an Anthropic provider, not {JsonRead.Kind(input)}.", "messages");
            }

            JsonWriting.WriteNode(writer, input);
        }
    }
}
