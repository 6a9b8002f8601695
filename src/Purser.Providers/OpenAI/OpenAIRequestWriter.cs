using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Buffers;
using Purser.Chat;
using Purser.Providers.Gemini;
using Purser.Providers.Json;
using Purser.Providers.Translation;
using Purser.Translation;

namespace Purser.Providers.OpenAI;

/// <summary>
/// Writes the body of an upstream Chat Completions call. A request that came in as OpenAI is passed through
/// (its fields kept; model and stream_options set; temperature and max tokens replaced where a stage changed them
/// in the canonical request; a routing prompt addition inserted as a system message); any other is translated
/// from the canonical form.
/// </summary>
internal static class OpenAIRequestWriter
{
    /// <param name="useMaxCompletionTokens">OpenAI's own API wants max_completion_tokens (o-series, GPT-5); most compatible servers want max_tokens.</param>
    /// <param name="systemAddition">System text a stage appended (already in the canonical <see cref="ChatRequest.System"/>); passthrough inserts it.</param>
    /// <param name="report">Where translation records what it dropped (and whether it may); none: a lenient one.</param>
    public static byte[] Write(ChatRequest request, string upstreamModel, bool stream, bool useMaxCompletionTokens, string? systemAddition = null, TranslationReport? report = null)
    {
        using var buffer = new SegmentedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            if (request.SourceProtocol == WireProtocol.OpenAIChat && request.Raw is { } raw)
            {
                WritePassthrough(writer, request, raw, upstreamModel, stream, useMaxCompletionTokens, systemAddition);
            }
            else
            {
                WriteTranslated(writer, request, upstreamModel, stream, useMaxCompletionTokens, report ?? new TranslationReport());
            }
        }

        return buffer.ToArray();
    }

    private static void WritePassthrough(Utf8JsonWriter writer, ChatRequest request, JsonObject raw, string model, bool stream, bool useMaxCompletionTokens, string? systemAddition)
    {
        // A stage may have set or lowered these in the canonical request (the routing cascade, a budget tier's cap).
        double? temperature = request.Temperature is double t && !JsonWriting.SameNumber(raw["temperature"], t) ? t : null;
        // The client's limit is the larger of its two fields (OpenAIRequestReader.MaxTokens): unchanged, both pass as sent;
        // changed by a stage, the new one replaces both.
        string? maxField = raw.ContainsKey("max_completion_tokens") ? "max_completion_tokens" : raw.ContainsKey("max_tokens") ? "max_tokens" : null;
        int? maxTokens = request.MaxTokens is int m && (maxField is null || OpenAIRequestReader.MaxTokens(raw) != m) ? m : null;

        writer.WriteStartObject();
        writer.WriteString("model", model);
        foreach (var (name, value) in raw)
        {
            if (name is "model" or "stream" or "stream_options"
                || (name == "temperature" && temperature is not null)
                || (name is "max_tokens" or "max_completion_tokens" && maxTokens is not null))
            {
                continue;
            }

            writer.WritePropertyName(name);
            if (name == "messages" && systemAddition is not null && value is JsonArray messages)
            {
                WriteMessagesWithAddition(writer, messages, systemAddition);
            }
            else if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonWriting.WriteNode(writer, value);
            }
        }

        if (temperature is double newTemperature)
        {
            writer.WriteNumber("temperature", newTemperature);
        }

        if (maxTokens is int newMax)
        {
            writer.WriteNumber(maxField ?? (useMaxCompletionTokens ? "max_completion_tokens" : "max_tokens"), newMax);
        }

        WriteStream(writer, stream, raw["stream_options"] as JsonObject);
        writer.WriteEndObject();
    }

    /// <summary>The client's messages with <paramref name="addition"/> as one more system message after its leading system/developer ones.</summary>
    private static void WriteMessagesWithAddition(Utf8JsonWriter writer, JsonArray messages, string addition)
    {
        int leading = 0;
        string role = "system";
        while (leading < messages.Count && messages[leading] is JsonObject m && m["role"] is JsonValue r && r.TryGetValue(out string? name) && name is "system" or "developer")
        {
            role = name;
            leading++;
        }

        writer.WriteStartArray();
        for (int i = 0; i <= messages.Count; i++)
        {
            if (i == leading)
            {
                writer.WriteStartObject();
                writer.WriteString("role", role);
                JsonStrings.Write(writer, "content", addition);
                writer.WriteEndObject();
            }

            if (i < messages.Count)
            {
                if (messages[i] is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    JsonWriting.WriteNode(writer, messages[i]);
                }
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteStream(Utf8JsonWriter writer, bool stream, JsonObject? clientStreamOptions)
    {
        if (!stream)
        {
            return;
        }

        writer.WriteBoolean("stream", true);
        writer.WriteStartObject("stream_options");
        if (clientStreamOptions is not null)
        {
            foreach (var (name, value) in clientStreamOptions)
            {
                if (name == "include_usage")
                {
                    continue;
                }

                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    JsonWriting.WriteNode(writer, value);
                }
            }
        }

        writer.WriteBoolean("include_usage", true);
        writer.WriteEndObject();
    }

    private static void WriteTranslated(Utf8JsonWriter writer, ChatRequest request, string model, bool stream, bool useMaxCompletionTokens, TranslationReport report)
    {
        // top_k has no counterpart: the table drops it (it is never written).
        TranslationPolicy.Apply(request, WireProtocol.OpenAIChat, report);

        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteStartArray("messages");
        foreach (TextPart system in request.System)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            JsonStrings.Write(writer, "content", system.Text);
            writer.WriteEndObject();
        }

        foreach (ChatMessage message in request.Messages)
        {
            WriteMessage(writer, message, request.SourceProtocol);
        }

        writer.WriteEndArray();

        if (request.Tools is { Count: > 0 } tools)
        {
            writer.WriteStartArray("tools");
            foreach (ToolDefinition tool in tools)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", tool.Name);
                if (tool.Description is not null)
                {
                    writer.WriteString("description", tool.Description);
                }

                writer.WritePropertyName("parameters");
                if (tool.Parameters is null)
                {
                    writer.WriteRawValue("""{"type":"object","properties":{}}""");
                }
                else
                {
                    JsonWriting.WriteNode(writer, tool.Parameters);
                }

                if (tool.Strict is bool strict)
                {
                    writer.WriteBoolean("strict", strict);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (request.ToolChoice is { } choice)
        {
            switch (choice.Kind)
            {
                case ToolChoiceKind.Auto:
                    writer.WriteString("tool_choice", "auto");
                    break;
                case ToolChoiceKind.None:
                    writer.WriteString("tool_choice", "none");
                    break;
                case ToolChoiceKind.Required:
                    writer.WriteString("tool_choice", "required");
                    break;
                case ToolChoiceKind.Specific:
                    writer.WriteStartObject("tool_choice");
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", choice.Name);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
            }
        }

        if (request.ParallelToolCalls is bool parallel && request.Tools is { Count: > 0 })
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }

        if (request.MaxTokens is int maxTokens)
        {
            writer.WriteNumber(useMaxCompletionTokens ? "max_completion_tokens" : "max_tokens", maxTokens);
        }

        WriteNumber(writer, "temperature", request.Temperature);
        WriteNumber(writer, "top_p", request.TopP);
        WriteNumber(writer, "frequency_penalty", request.FrequencyPenalty);
        WriteNumber(writer, "presence_penalty", request.PresencePenalty);
        if (request.Seed is long seed)
        {
            writer.WriteNumber("seed", seed);
        }

        if (request.Stop is { Count: > 0 } stop)
        {
            if (stop.Count > 4)
            {
                throw new InvalidRequestException($"OpenAI-compatible providers accept at most 4 stop sequences; the request has {stop.Count}.", "stop_sequences");
            }

            writer.WriteStartArray("stop");
            foreach (string s in stop)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        if (request.ResponseFormat is { } format)
        {
            writer.WriteStartObject("response_format");
            switch (format.Kind)
            {
                case ResponseFormatKind.Text:
                    writer.WriteString("type", "text");
                    break;
                case ResponseFormatKind.JsonObject:
                    writer.WriteString("type", "json_object");
                    break;
                case ResponseFormatKind.JsonSchema:
                    writer.WriteString("type", "json_schema");
                    writer.WriteStartObject("json_schema");
                    writer.WriteString("name", format.SchemaName ?? "response");
                    if (format.Schema is not null)
                    {
                        writer.WritePropertyName("schema");
                        JsonWriting.WriteNode(writer, format.Schema);
                    }

                    if (format.Strict is bool strictSchema)
                    {
                        writer.WriteBoolean("strict", strictSchema);
                    }

                    writer.WriteEndObject();
                    break;
            }

            writer.WriteEndObject();
        }

        string? effort = request.ReasoningEffort ?? (request.ThinkingBudgetTokens is int budget ? TranslationCheck.EffortFromBudget(budget) : null);
        if (effort is not null)
        {
            // Anthropic's xhigh and max are above what every OpenAI-compatible server accepts.
            writer.WriteString("reasoning_effort", effort is "xhigh" or "max" ? "high" : effort);
        }

        if (request.User is not null)
        {
            writer.WriteString("user", request.User);
        }

        WriteStream(writer, stream, null);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, WireProtocol source)
    {
        const string target = "OpenAI-compatible";
        switch (message.Role)
        {
            case ChatRole.System:
                writer.WriteStartObject();
                writer.WriteString("role", "system");
                writer.WriteString("content", message.Text);
                writer.WriteEndObject();
                break;
            case ChatRole.User:
                writer.WriteStartObject();
                writer.WriteString("role", "user");
                if (message.Name is not null)
                {
                    writer.WriteString("name", message.Name);
                }

                WriteContent(writer, message.Content, source);
                writer.WriteEndObject();
                break;
            case ChatRole.Assistant:
                writer.WriteStartObject();
                writer.WriteString("role", "assistant");
                var text = new System.Text.StringBuilder();
                bool hasCalls = false;
                foreach (ContentPart part in message.Content)
                {
                    switch (part)
                    {
                        case TextPart t:
                            text.Append(t.Text);
                            break;
                        case ToolCallPart:
                            hasCalls = true;
                            break;
                        case ThinkingPart:
                            break; // earlier reasoning is not sent back: OpenAI-compatible APIs have no field for it
                        case OpaquePart o:
                            throw TranslationCheck.Untranslatable($"An assistant '{o.Type}' block", target, source);
                        default:
                            throw TranslationCheck.Untranslatable("An image in an assistant message", target, source);
                    }
                }

                if (text.Length > 0 || !hasCalls)
                {
                    JsonStrings.Write(writer, "content", text.ToString());
                }
                else
                {
                    writer.WriteNull("content");
                }

                if (hasCalls)
                {
                    writer.WriteStartArray("tool_calls");
                    foreach (ContentPart part in message.Content)
                    {
                        if (part is ToolCallPart call)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("id", GeminiToolCallIds.Strip(call.Id));
                            writer.WriteString("type", "function");
                            writer.WriteStartObject("function");
                            writer.WriteString("name", call.Name);
                            writer.WriteString("arguments", call.Arguments.Length == 0 ? "{}" : call.Arguments);
                            writer.WriteEndObject();
                            writer.WriteEndObject();
                        }
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                break;
            case ChatRole.Tool:
                foreach (ContentPart part in message.Content)
                {
                    if (part is not ToolResultPart result)
                    {
                        // Anthropic user turns may mix tool results with text: the text goes in a user message after.
                        continue;
                    }

                    writer.WriteStartObject();
                    writer.WriteString("role", "tool");
                    writer.WriteString("tool_call_id", GeminiToolCallIds.Strip(result.ToolCallId));
                    foreach (ContentPart inner in result.Content)
                    {
                        if (inner is not TextPart)
                        {
                            throw TranslationCheck.Untranslatable("An image inside a tool result", target, source);
                        }
                    }

                    string content = result.JoinedText();
                    JsonStrings.Write(writer, "content", result.IsError ? "[tool error] " + content : content);
                    writer.WriteEndObject();
                }

                var rest = message.Content.Where(p => p is not ToolResultPart).ToList();
                if (rest.Count > 0)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", "user");
                    WriteContent(writer, rest, source);
                    writer.WriteEndObject();
                }

                break;
        }
    }

    private static void WriteContent(Utf8JsonWriter writer, List<ContentPart> content, WireProtocol source)
    {
        if (content.Count == 1 && content[0] is TextPart only)
        {
            JsonStrings.Write(writer, "content", only.Text);
            return;
        }

        writer.WriteStartArray("content");
        foreach (ContentPart part in content)
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
                    writer.WriteStartObject();
                    writer.WriteString("type", "image_url");
                    writer.WriteStartObject("image_url");
                    writer.WriteString("url", image.ToUrl());
                    if (image.Detail is not null)
                    {
                        writer.WriteString("detail", image.Detail);
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                case OpaquePart o:
                    throw TranslationCheck.Untranslatable($"A '{o.Type}' content block", "OpenAI-compatible", source);
                default:
                    throw TranslationCheck.Untranslatable($"A {part.GetType().Name} in a user message", "OpenAI-compatible", source);
            }
        }

        writer.WriteEndArray();
    }
}
