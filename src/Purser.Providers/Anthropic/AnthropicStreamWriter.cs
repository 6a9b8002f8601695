using System.Buffers;
using System.Text;
using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Anthropic;

/// <summary>
/// Writes canonical stream events as Anthropic Messages server-sent events, for a client whose answer comes from
/// another protocol. Content arrives in any order (text after tool calls, thinking between texts): each change of
/// kind closes the open block and opens a new one. The end is written by the caller, after the ledger commit:
/// <see cref="WriteMessageDelta"/> (stop reason and the final usage) then <see cref="WriteMessageStop"/>.
/// </summary>
/// <param name="model">The model name the client should see.</param>
/// <param name="estimatedInputTokens">The prompt tokens to show in message_start (the real count comes in message_delta).</param>
internal sealed class AnthropicStreamWriter(string model, long estimatedInputTokens = 0)
{
    private readonly Dictionary<int, int> _toolBlocks = [];
    private string _id = "msg_" + Guid.NewGuid().ToString("N");
    private bool _started;
    private int _nextBlock;
    private int _openBlock = -1;
    private OpenKind _openKind;
    private bool _signatureSent;
    private FinishReason? _finish;
    private string? _stopSequence;
    private TokenUsage? _usage;

    /// <summary>The usage last reported by an <see cref="UsageEvent"/>.</summary>
    public TokenUsage? ReportedUsage => _usage;

    /// <summary>Writes the events for one canonical event (none for events that only update state).</summary>
    public void Write(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        switch (streamEvent)
        {
            case StreamStartEvent start:
                if (!_started && start.Id.Length > 0)
                {
                    _id = AnthropicIds.MessageId(start.Id);
                }

                EnsureStarted(output);
                break;
            case TextDeltaEvent text when text.Text.Length > 0:
                EnsureStarted(output);
                if (_openKind != OpenKind.Text)
                {
                    Open(output, OpenKind.Text, w =>
                    {
                        w.WriteString("type", "text");
                        w.WriteString("text", "");
                    });
                }

                WriteDelta(output, _openBlock, w =>
                {
                    w.WriteString("type", "text_delta");
                    w.WriteString("text", text.Text);
                });
                break;
            case ThinkingDeltaEvent thinking:
                WriteThinking(output, thinking);
                break;
            case ToolCallStartEvent tool:
                EnsureStarted(output);
                StartTool(output, tool.Index, tool.Id, tool.Name);
                break;
            case ToolCallDeltaEvent delta when delta.ArgumentsDelta.Length > 0:
                EnsureStarted(output);
                if (!_toolBlocks.TryGetValue(delta.Index, out int block))
                {
                    StartTool(output, delta.Index, "toolu_" + delta.Index, "");
                    block = _openBlock;
                }

                // A delta for a tool whose block was already closed keeps that block's index (Anthropic clients accumulate by index).
                WriteDelta(output, block, w =>
                {
                    w.WriteString("type", "input_json_delta");
                    w.WriteString("partial_json", delta.ArgumentsDelta);
                });
                break;
            case FinishEvent finish:
                _finish = finish.Reason;
                _stopSequence = finish.StopSequence ?? _stopSequence;
                Close(output);
                break;
            case UsageEvent usage:
                _usage = usage.Usage;
                break;
        }
    }

    /// <summary>Closes the open block and writes message_delta with the stop reason and the final usage.</summary>
    public void WriteMessageDelta(IBufferWriter<byte> output, TokenUsage usage)
    {
        EnsureStarted(output);
        Close(output);
        FinishReason reason = _finish ?? (_toolBlocks.Count > 0 ? FinishReason.ToolCalls : FinishReason.Stop);
        WriteEvent(output, "message_delta", w =>
        {
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", AnthropicStopReason.ToWire(reason, _toolBlocks.Count > 0));
            if (reason == FinishReason.StopSequence && _stopSequence is not null)
            {
                w.WriteString("stop_sequence", _stopSequence);
            }
            else
            {
                w.WriteNull("stop_sequence");
            }

            w.WriteEndObject();
            AnthropicUsage.Write(w, usage);
        });
    }

    /// <summary>The terminal event; the gateway writes it last, also after a passed-through Anthropic stream.</summary>
    public static void WriteMessageStop(IBufferWriter<byte> output)
    {
        output.Write("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"u8);
    }

    /// <summary>Writes a mid-stream error the way Anthropic does: an error event holding an error document.</summary>
    public static void WriteError(IBufferWriter<byte> output, PurserError error)
    {
        output.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(output))
        {
            AnthropicErrors.WriteError(writer, error);
        }

        output.Write("\n\n"u8);
    }

    private void EnsureStarted(IBufferWriter<byte> output)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        TokenUsage usage = _usage ?? new TokenUsage(estimatedInputTokens, 0);
        WriteEvent(output, "message_start", w =>
        {
            w.WriteStartObject("message");
            w.WriteString("id", _id);
            w.WriteString("type", "message");
            w.WriteString("role", "assistant");
            w.WriteString("model", model);
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteNull("stop_reason");
            w.WriteNull("stop_sequence");
            w.WriteStartObject("usage");
            AnthropicUsage.WriteFields(w, usage with { OutputTokens = 0 });
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private void WriteThinking(IBufferWriter<byte> output, ThinkingDeltaEvent thinking)
    {
        bool hasText = thinking.Text.Length > 0;
        bool hasSignature = !string.IsNullOrEmpty(thinking.Signature);
        if (!hasText && !hasSignature)
        {
            return;
        }

        EnsureStarted(output);
        if (_openKind != OpenKind.Thinking || (hasText && _signatureSent))
        {
            Open(output, OpenKind.Thinking, w =>
            {
                w.WriteString("type", "thinking");
                w.WriteString("thinking", "");
                w.WriteString("signature", "");
            });
        }

        if (hasText)
        {
            WriteDelta(output, _openBlock, w =>
            {
                w.WriteString("type", "thinking_delta");
                w.WriteString("thinking", thinking.Text);
            });
        }

        if (hasSignature)
        {
            _signatureSent = true;
            WriteDelta(output, _openBlock, w =>
            {
                w.WriteString("type", "signature_delta");
                w.WriteString("signature", thinking.Signature);
            });
        }
    }

    private void StartTool(IBufferWriter<byte> output, int index, string id, string name)
    {
        if (_toolBlocks.ContainsKey(index))
        {
            return; // a repeated start (some servers resend id and name): the block is open or done already
        }

        Open(output, OpenKind.Tool, w =>
        {
            w.WriteString("type", "tool_use");
            w.WriteString("id", id);
            w.WriteString("name", name);
            w.WriteStartObject("input");
            w.WriteEndObject();
        });
        _toolBlocks[index] = _openBlock;
    }

    private void Open(IBufferWriter<byte> output, OpenKind kind, Action<Utf8JsonWriter> contentBlock)
    {
        Close(output);
        _openBlock = _nextBlock++;
        _openKind = kind;
        _signatureSent = false;
        int index = _openBlock;
        WriteEvent(output, "content_block_start", w =>
        {
            w.WriteNumber("index", index);
            w.WriteStartObject("content_block");
            contentBlock(w);
            w.WriteEndObject();
        });
    }

    private void Close(IBufferWriter<byte> output)
    {
        if (_openBlock < 0)
        {
            return;
        }

        int index = _openBlock;
        WriteEvent(output, "content_block_stop", w => w.WriteNumber("index", index));
        _openBlock = -1;
        _openKind = OpenKind.None;
    }

    private static void WriteDelta(IBufferWriter<byte> output, int index, Action<Utf8JsonWriter> delta)
    {
        WriteEvent(output, "content_block_delta", w =>
        {
            w.WriteNumber("index", index);
            w.WriteStartObject("delta");
            delta(w);
            w.WriteEndObject();
        });
    }

    private static void WriteEvent(IBufferWriter<byte> output, string name, Action<Utf8JsonWriter> body)
    {
        output.Write("event: "u8);
        Encoding.UTF8.GetBytes(name.AsSpan(), output);
        output.Write("\ndata: "u8);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("type", name);
            body(writer);
            writer.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }

    private enum OpenKind
    {
        None,
        Text,
        Thinking,
        Tool,
    }
}
