using Purser.Providers.Json;
using System.Buffers;
using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.OpenAI;

/// <summary>Writes canonical stream events as OpenAI chat.completion.chunk server-sent events.</summary>
internal sealed class OpenAIStreamWriter(string model, long created, bool includeUsage)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private string _id = "chatcmpl-" + Guid.NewGuid().ToString("N");
    private bool _roleSent;
    private TokenUsage? _usage;

    /// <summary>Writes the chunks for one event (none for events OpenAI has no chunk for).</summary>
    public void Write(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        switch (streamEvent)
        {
            case StreamStartEvent start:
                if (start.Id.Length > 0)
                {
                    _id = OpenAIIds.CompletionId(start.Id);
                }

                if (!_roleSent)
                {
                    WriteChunk(output, w => w.WriteString("content", ""), null);
                }

                break;
            case TextDeltaEvent text:
                WriteChunk(output, w => w.WriteString("content", text.Text), null);
                break;
            case ThinkingDeltaEvent thinking when thinking.Text.Length > 0:
                WriteChunk(output, w => w.WriteString("reasoning_content", thinking.Text), null);
                break;
            case ToolCallStartEvent tool:
                WriteChunk(output, w =>
                {
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", tool.Index);
                    w.WriteString("id", tool.Id);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", tool.Name);
                    w.WriteString("arguments", "");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }, null);
                break;
            case ToolCallDeltaEvent delta:
                WriteChunk(output, w =>
                {
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", delta.Index);
                    w.WriteStartObject("function");
                    w.WriteString("arguments", delta.ArgumentsDelta);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }, null);
                break;
            case FinishEvent finish:
                WriteChunk(output, null, OpenAIFinishReason.ToWire(finish.Reason));
                break;
            case UsageEvent usage:
                _usage = usage.Usage;
                break;
        }
    }

    /// <summary>Writes the usage chunk (when the client asked for it) and nothing else: the caller then writes <see cref="WriteDone"/>.</summary>
    public void WriteUsage(IBufferWriter<byte> output, TokenUsage usage)
    {
        if (!includeUsage)
        {
            return;
        }

        Write(output, w =>
        {
            WriteHeader(w);
            w.WriteStartArray("choices");
            w.WriteEndArray();
            OpenAIUsage.Write(w, usage);
        });
    }

    /// <summary>The usage last reported by an <see cref="UsageEvent"/>.</summary>
    public TokenUsage? ReportedUsage => _usage;

    public static void WriteDone(IBufferWriter<byte> output)
    {
        output.Write("data: [DONE]\n\n"u8);
    }

    /// <summary>Writes a mid-stream error the way OpenAI does: a data event holding an error object.</summary>
    public static void WriteError(IBufferWriter<byte> output, PurserError error)
    {
        Write(output, w => OpenAIErrors.WriteErrorObject(w, error));
    }

    private void WriteChunk(IBufferWriter<byte> output, Action<Utf8JsonWriter>? delta, string? finishReason)
    {
        Write(output, w =>
        {
            WriteHeader(w);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            if (!_roleSent)
            {
                w.WriteString("role", "assistant");
                _roleSent = true;
            }

            delta?.Invoke(w);
            w.WriteEndObject();
            w.WriteNull("logprobs");
            if (finishReason is null)
            {
                w.WriteNull("finish_reason");
            }
            else
            {
                w.WriteString("finish_reason", finishReason);
            }

            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    private void WriteHeader(Utf8JsonWriter w)
    {
        w.WriteString("id", _id);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }

    private static void Write(IBufferWriter<byte> output, Action<Utf8JsonWriter> body)
    {
        output.Write(DataPrefix);
        using (var writer = new Utf8JsonWriter(output, JsonWriting.Options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        output.Write(EventEnd);
    }
}
