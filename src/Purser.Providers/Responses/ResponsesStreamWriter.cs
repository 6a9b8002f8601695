using System.Buffers;
using System.Text;
using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Json;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Responses;

/// <summary>
/// Writes canonical stream events as the Responses API's server-sent events, numbered from 0 by
/// <c>sequence_number</c>: <c>response.created</c>, <c>response.in_progress</c>, then per output item
/// <c>response.output_item.added</c> … <c>response.output_item.done</c> (a message with its output_text content part
/// and text deltas; a reasoning item with its summary part and summary text deltas; a function call with its argument
/// deltas), and at the end <c>response.completed</c> (or <c>response.incomplete</c>) with the whole response, written
/// by the caller after the ledger commit (<see cref="WriteEnd"/>). A message or reasoning item closes when another kind
/// of output begins; tool calls stay open until the model finishes, so late argument deltas still land in their item.
/// A failure is <c>response.failed</c> followed by an <c>error</c> event.
/// </summary>
internal sealed class ResponsesStreamWriter(ResponsesEcho echo, string id, string model, long created)
{
    private readonly List<byte[]?> _items = [];
    private readonly Dictionary<int, ToolState> _tools = [];
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private long _sequence;
    private bool _started;
    private int _messageIndex = -1;
    private string _messageId = "";
    private int _reasoningIndex = -1;
    private string _reasoningId = "";
    private string? _signature;
    private FinishReason? _finish;
    private TokenUsage? _usage;

    /// <summary>The response id the client sees.</summary>
    public string Id => id;

    /// <summary>The usage last reported by an <see cref="UsageEvent"/>.</summary>
    public TokenUsage? ReportedUsage => _usage;

    /// <summary>The next sequence number (continues an upstream's numbering after a passthrough, see <see cref="ContinueAfter"/>).</summary>
    public long NextSequenceNumber => _sequence;

    /// <summary>The complete response object the terminal event carried; null until <see cref="WriteEnd"/> or <see cref="WriteError"/>.</summary>
    public byte[]? FinalResponse { get; private set; }

    /// <summary>Continues the numbering after events an upstream numbered itself (a passthrough that failed midway).</summary>
    public void ContinueAfter(long lastSequenceNumber)
    {
        _started = true;
        _sequence = Math.Max(_sequence, lastSequenceNumber + 1);
    }

    public void Write(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        switch (streamEvent)
        {
            case StreamStartEvent:
                EnsureStarted(output);
                break;
            case TextDeltaEvent text when text.Text.Length > 0:
                EnsureStarted(output);
                CloseReasoning(output);
                OpenMessage(output);
                _text.Append(text.Text);
                WriteEvent(output, "response.output_text.delta", w =>
                {
                    WriteItemRef(w, _messageId, _messageIndex);
                    w.WriteNumber("content_index", 0);
                    w.WriteString("delta", text.Text);
                    w.WriteStartArray("logprobs");
                    w.WriteEndArray();
                });
                break;
            case ThinkingDeltaEvent thinking:
                EnsureStarted(output);
                CloseMessage(output);
                if (thinking.Text.Length == 0 && thinking.Signature is null)
                {
                    break;
                }

                OpenReasoning(output);
                _signature ??= thinking.Signature;
                if (thinking.Text.Length > 0)
                {
                    _reasoning.Append(thinking.Text);
                    WriteEvent(output, "response.reasoning_summary_text.delta", w =>
                    {
                        WriteItemRef(w, _reasoningId, _reasoningIndex);
                        w.WriteNumber("summary_index", 0);
                        w.WriteString("delta", thinking.Text);
                    });
                }

                break;
            case ToolCallStartEvent tool:
                EnsureStarted(output);
                StartTool(output, tool.Index, tool.Id, tool.Name);
                break;
            case ToolCallDeltaEvent delta when delta.ArgumentsDelta.Length > 0:
                EnsureStarted(output);
                if (!_tools.TryGetValue(delta.Index, out ToolState? state) || state.Closed)
                {
                    state = StartTool(output, delta.Index, ResponsesIds.Call(), "");
                }

                state.Arguments.Append(delta.ArgumentsDelta);
                if (!state.Custom)
                {
                    WriteEvent(output, "response.function_call_arguments.delta", w =>
                    {
                        WriteItemRef(w, state.ItemId, state.OutputIndex);
                        w.WriteString("delta", delta.ArgumentsDelta);
                    });
                }

                break;
            case FinishEvent finish:
                _finish = finish.Reason;
                CloseAll(output);
                break;
            case UsageEvent usage:
                _usage = usage.Usage;
                break;
        }
    }

    /// <summary>Closes what is open and writes <c>response.completed</c> (or <c>response.incomplete</c>) with the whole response and its usage.</summary>
    public void WriteEnd(IBufferWriter<byte> output, TokenUsage usage)
    {
        EnsureStarted(output);
        CloseAll(output);
        FinishReason reason = _finish ?? (_tools.Count > 0 ? FinishReason.ToolCalls : FinishReason.Stop);
        var (status, incomplete) = ResponsesResponseWriter.Status(reason);
        byte[] response = ResponseObject(status, usage, null, incomplete);
        FinalResponse = response;
        WriteEvent(output, status == "completed" ? "response.completed" : "response.incomplete", w =>
        {
            w.WritePropertyName("response");
            w.WriteRawValue(response, skipInputValidation: true);
        });
    }

    /// <summary>Writes <c>response.failed</c> (the response so far, with the error) and an <c>error</c> event.</summary>
    public void WriteError(IBufferWriter<byte> output, PurserError error)
    {
        EnsureStarted(output);
        byte[] response = ResponseObject("failed", _usage, error, null);
        FinalResponse = response;
        WriteEvent(output, "response.failed", w =>
        {
            w.WritePropertyName("response");
            w.WriteRawValue(response, skipInputValidation: true);
        });
        WriteErrorEvent(output, error);
    }

    /// <summary>Writes only the <c>error</c> event (after an upstream's own <c>response.failed</c> was forwarded).</summary>
    public void WriteErrorEvent(IBufferWriter<byte> output, PurserError error)
    {
        WriteEvent(output, "error", w =>
        {
            w.WriteString("code", ResponsesErrors.CodeFor(error));
            w.WriteString("message", error.Message);
            if (error.Param is null)
            {
                w.WriteNull("param");
            }
            else
            {
                w.WriteString("param", error.Param);
            }
        });
    }

    private byte[] ResponseObject(string status, TokenUsage? usage, PurserError? error, string? incomplete)
    {
        var done = _items.Where(i => i is not null).Select(i => i!).ToList();
        return ResponsesItems.Serialize(w => ResponsesResponseWriter.WriteObject(w, id, created, status, model, echo, done, usage, error, incomplete));
    }

    private void EnsureStarted(IBufferWriter<byte> output)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        byte[] initial = ResponseObject("in_progress", null, null, null);
        foreach (string type in (ReadOnlySpan<string>)["response.created", "response.in_progress"])
        {
            WriteEvent(output, type, w =>
            {
                w.WritePropertyName("response");
                w.WriteRawValue(initial, skipInputValidation: true);
            });
        }
    }

    private void OpenMessage(IBufferWriter<byte> output)
    {
        if (_messageIndex >= 0)
        {
            return;
        }

        _messageIndex = NewItem();
        _messageId = ResponsesIds.Message();
        _text.Clear();
        bool refusal = _finish == FinishReason.Refusal;
        WriteEvent(output, "response.output_item.added", w =>
        {
            w.WriteNumber("output_index", _messageIndex);
            w.WritePropertyName("item");
            ResponsesItems.WriteMessage(w, _messageId, null, refusal, completed: false);
        });
        WriteEvent(output, "response.content_part.added", w =>
        {
            WriteItemRef(w, _messageId, _messageIndex);
            w.WriteNumber("content_index", 0);
            w.WritePropertyName("part");
            ResponsesItems.WriteTextPart(w, "", refusal: false);
        });
    }

    private void CloseMessage(IBufferWriter<byte> output)
    {
        if (_messageIndex < 0)
        {
            return;
        }

        string text = _text.ToString();
        int index = _messageIndex;
        string itemId = _messageId;
        _messageIndex = -1;
        WriteEvent(output, "response.output_text.done", w =>
        {
            WriteItemRef(w, itemId, index);
            w.WriteNumber("content_index", 0);
            w.WriteString("text", text);
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
        });
        WriteEvent(output, "response.content_part.done", w =>
        {
            WriteItemRef(w, itemId, index);
            w.WriteNumber("content_index", 0);
            w.WritePropertyName("part");
            ResponsesItems.WriteTextPart(w, text, refusal: false);
        });
        byte[] item = ResponsesItems.Serialize(w => ResponsesItems.WriteMessage(w, itemId, text, refusal: false, completed: true));
        FinishItem(output, index, item);
    }

    private void OpenReasoning(IBufferWriter<byte> output)
    {
        if (_reasoningIndex >= 0)
        {
            return;
        }

        _reasoningIndex = NewItem();
        _reasoningId = ResponsesIds.Reasoning();
        _reasoning.Clear();
        _signature = null;
        WriteEvent(output, "response.output_item.added", w =>
        {
            w.WriteNumber("output_index", _reasoningIndex);
            w.WritePropertyName("item");
            ResponsesItems.WriteReasoning(w, _reasoningId, null, null, null);
        });
        WriteEvent(output, "response.reasoning_summary_part.added", w =>
        {
            WriteItemRef(w, _reasoningId, _reasoningIndex);
            w.WriteNumber("summary_index", 0);
            WriteSummaryPart(w, "");
        });
    }

    private void CloseReasoning(IBufferWriter<byte> output)
    {
        if (_reasoningIndex < 0)
        {
            return;
        }

        string text = _reasoning.ToString();
        int index = _reasoningIndex;
        string itemId = _reasoningId;
        string? signature = _signature;
        _reasoningIndex = -1;
        WriteEvent(output, "response.reasoning_summary_text.done", w =>
        {
            WriteItemRef(w, itemId, index);
            w.WriteNumber("summary_index", 0);
            w.WriteString("text", text);
        });
        WriteEvent(output, "response.reasoning_summary_part.done", w =>
        {
            WriteItemRef(w, itemId, index);
            w.WriteNumber("summary_index", 0);
            WriteSummaryPart(w, text);
        });
        byte[] item = ResponsesItems.Serialize(w => ResponsesItems.WriteReasoning(w, itemId, text, signature, null));
        FinishItem(output, index, item);
    }

    private static void WriteSummaryPart(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject("part");
        w.WriteString("type", "summary_text");
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private ToolState StartTool(IBufferWriter<byte> output, int index, string callId, string name)
    {
        CloseMessage(output);
        CloseReasoning(output);
        bool custom = ResponsesItems.IsCustom(echo.Tools, name);
        var state = new ToolState(NewItem(), custom ? ResponsesIds.CustomToolCall() : ResponsesIds.FunctionCall(), callId.Length > 0 ? callId : ResponsesIds.Call(), name, custom);
        _tools[index] = state;
        WriteEvent(output, "response.output_item.added", w =>
        {
            w.WriteNumber("output_index", state.OutputIndex);
            w.WritePropertyName("item");
            ResponsesItems.WriteToolCall(w, state.ItemId, state.CallId, state.Name, "", echo.Tools, completed: false);
        });
        return state;
    }

    private void CloseAll(IBufferWriter<byte> output)
    {
        CloseMessage(output);
        CloseReasoning(output);
        foreach (ToolState state in _tools.Values.Where(t => !t.Closed).OrderBy(t => t.OutputIndex))
        {
            state.Closed = true;
            string arguments = state.Arguments.Length == 0 ? "{}" : state.Arguments.ToString();
            if (state.Custom)
            {
                string input = ResponsesItems.CustomInput(arguments);
                WriteEvent(output, "response.custom_tool_call_input.done", w =>
                {
                    WriteItemRef(w, state.ItemId, state.OutputIndex);
                    w.WriteString("input", input);
                });
            }
            else
            {
                WriteEvent(output, "response.function_call_arguments.done", w =>
                {
                    WriteItemRef(w, state.ItemId, state.OutputIndex);
                    w.WriteString("arguments", arguments);
                });
            }

            byte[] item = ResponsesItems.Serialize(w => ResponsesItems.WriteToolCall(w, state.ItemId, state.CallId, state.Name, arguments, echo.Tools, completed: true));
            FinishItem(output, state.OutputIndex, item);
        }
    }

    private int NewItem()
    {
        _items.Add(null);
        return _items.Count - 1;
    }

    private void FinishItem(IBufferWriter<byte> output, int index, byte[] item)
    {
        _items[index] = item;
        WriteEvent(output, "response.output_item.done", w =>
        {
            w.WriteNumber("output_index", index);
            w.WritePropertyName("item");
            w.WriteRawValue(item, skipInputValidation: true);
        });
    }

    private static void WriteItemRef(Utf8JsonWriter w, string itemId, int outputIndex)
    {
        w.WriteString("item_id", itemId);
        w.WriteNumber("output_index", outputIndex);
    }

    private void WriteEvent(IBufferWriter<byte> output, string type, Action<Utf8JsonWriter> body)
    {
        output.Write("event: "u8);
        output.Write(Encoding.UTF8.GetBytes(type));
        output.Write("\ndata: "u8);
        using (var writer = new Utf8JsonWriter(output, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("sequence_number", _sequence++);
            body(writer);
            writer.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }

    private sealed class ToolState(int outputIndex, string itemId, string callId, string name, bool custom)
    {
        public int OutputIndex { get; } = outputIndex;

        public string ItemId { get; } = itemId;

        public string CallId { get; } = callId;

        public string Name { get; } = name;

        public bool Custom { get; } = custom;

        public StringBuilder Arguments { get; } = new();

        public bool Closed { get; set; }
    }
}
