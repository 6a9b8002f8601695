using System.Buffers;
using System.Text.Json;
using Purser.Chat;
using Purser.Providers.Json;

namespace Purser.Providers.Responses;

/// <summary>Writes the output items of a Responses object (message, function or custom tool call, reasoning).</summary>
internal static class ResponsesItems
{
    /// <summary>An assistant message; <paramref name="text"/> null writes it empty (as in response.output_item.added).</summary>
    public static void WriteMessage(Utf8JsonWriter w, string id, string? text, bool refusal, bool completed)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "message");
        w.WriteString("status", completed ? "completed" : "in_progress");
        w.WriteStartArray("content");
        if (text is not null)
        {
            WriteTextPart(w, text, refusal);
        }

        w.WriteEndArray();
        w.WriteString("role", "assistant");
        w.WriteEndObject();
    }

    /// <summary>One content part of a message: output_text (annotations and logprobs empty) or refusal.</summary>
    public static void WriteTextPart(Utf8JsonWriter w, string text, bool refusal)
    {
        w.WriteStartObject();
        if (refusal)
        {
            w.WriteString("type", "refusal");
            w.WriteString("refusal", text);
        }
        else
        {
            w.WriteString("type", "output_text");
            w.WriteStartArray("annotations");
            w.WriteEndArray();
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
            w.WriteString("text", text);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// A tool call, as the client declared the tool: a function_call (with its namespace, when it has one) or, for a
    /// custom tool, a custom_tool_call whose input is the upstream's one string argument.
    /// </summary>
    public static void WriteToolCall(Utf8JsonWriter w, string id, string callId, string upstreamName, string arguments, ResponsesToolNames tools, bool completed)
    {
        ResponsesTool? tool = tools.Find(upstreamName);
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", tool?.Custom == true ? "custom_tool_call" : "function_call");
        w.WriteString("status", completed ? "completed" : "in_progress");
        if (tool?.Custom == true)
        {
            w.WriteString("input", completed ? CustomInput(arguments) : "");
        }
        else
        {
            w.WriteString("arguments", completed && arguments.Length == 0 ? "{}" : arguments);
        }

        w.WriteString("call_id", callId);
        w.WriteString("name", tool?.Name ?? upstreamName);
        if (tool?.Namespace is { } ns)
        {
            w.WriteString("namespace", ns);
        }

        w.WriteEndObject();
    }

    /// <summary>Whether an upstream tool name is a custom (free-text) tool of the client.</summary>
    public static bool IsCustom(ResponsesToolNames tools, string upstreamName) => tools.Find(upstreamName)?.Custom == true;

    /// <summary>A reasoning item: the thinking as its summary; an Anthropic signature or redacted block as encrypted_content.</summary>
    public static void WriteReasoning(Utf8JsonWriter w, string id, string? text, string? signature, string? redacted)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "reasoning");
        w.WriteStartArray("summary");
        if (!string.IsNullOrEmpty(text))
        {
            w.WriteStartObject();
            w.WriteString("type", "summary_text");
            w.WriteString("text", text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (redacted is not null)
        {
            w.WriteString("encrypted_content", ResponsesIds.AnthropicRedacted + redacted);
        }
        else if (!string.IsNullOrEmpty(signature))
        {
            w.WriteString("encrypted_content", ResponsesIds.AnthropicSignature + signature);
        }

        w.WriteEndObject();
    }

    /// <summary>The free text of a custom tool call: the <c>input</c> argument, or the arguments as they came when they are not that object.</summary>
    public static string CustomInput(string arguments)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("input", out JsonElement input))
            {
                return input.ValueKind == JsonValueKind.String ? input.GetString()! : input.GetRawText();
            }
        }
        catch (JsonException)
        {
        }

        return arguments;
    }

    /// <summary>Serialises one item on its own (kept whole for the final response object).</summary>
    public static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The items of a complete canonical answer, in order: consecutive text joined into one message.</summary>
    public static List<byte[]> FromResponse(ChatResponse response, ResponsesToolNames tools)
    {
        var items = new List<byte[]>();
        var text = new System.Text.StringBuilder();
        bool refusal = response.FinishReason == FinishReason.Refusal;
        void FlushText()
        {
            if (text.Length > 0)
            {
                string value = text.ToString();
                items.Add(Serialize(w => WriteMessage(w, ResponsesIds.Message(), value, refusal, completed: true)));
                text.Clear();
            }
        }

        foreach (ContentPart part in response.Content)
        {
            switch (part)
            {
                case TextPart t:
                    text.Append(t.Text);
                    break;
                case ThinkingPart thinking:
                    FlushText();
                    items.Add(Serialize(w => WriteReasoning(w, ResponsesIds.Reasoning(), thinking.Text, thinking.Signature, thinking.RedactedData)));
                    break;
                case ToolCallPart call:
                    FlushText();
                    string itemId = IsCustom(tools, call.Name) ? ResponsesIds.CustomToolCall() : ResponsesIds.FunctionCall();
                    items.Add(Serialize(w => WriteToolCall(w, itemId, call.Id, call.Name, call.Arguments, tools, completed: true)));
                    break;
            }
        }

        FlushText();
        return items;
    }
}
