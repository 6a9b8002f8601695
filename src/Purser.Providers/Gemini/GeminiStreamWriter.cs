using System.Buffers;
using System.Text;
using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Json;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Gemini;

/// <summary>
/// Writes a stream for a Gemini client from canonical events: every piece of the answer is a
/// <c>GenerateContentResponse</c> with one candidate, as <c>streamGenerateContent</c> sends them — server-sent events
/// (<c>?alt=sse</c>, what the SDKs ask for) or, without it, the elements of one JSON array. Text and thoughts go as they
/// arrive; a function call goes whole (as Gemini sends them) once its arguments are complete. The last piece carries
/// finishReason and usageMetadata (Gemini clients take a missing finishReason for a broken stream).
/// </summary>
internal sealed class GeminiStreamWriter
{
    private static readonly byte[] SsePrefix = "data: "u8.ToArray();
    private static readonly byte[] SseEnd = "\r\n\r\n"u8.ToArray();

    private readonly string _model;
    private readonly bool _sse;
    private readonly List<(string Id, string Name, StringBuilder Arguments)> _calls = [];
    private string _id = "";
    private FinishReason? _finish;
    private bool _arrayOpen;

    /// <param name="model">The model name the client should see (modelVersion).</param>
    /// <param name="sse">Server-sent events (<c>alt=sse</c>); otherwise one JSON array.</param>
    public GeminiStreamWriter(string model, bool sse)
    {
        _model = model;
        _sse = sse;
    }

    public void Write(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        switch (streamEvent)
        {
            case StreamStartEvent start:
                _id = start.Id;
                break;
            case TextDeltaEvent text when text.Text.Length > 0:
                FlushCalls(output);
                WritePiece(output, w => GeminiResponseWriter.WritePart(w, new TextPart(text.Text)), null, null);
                break;
            case ThinkingDeltaEvent thinking when thinking.Text.Length > 0 || !string.IsNullOrEmpty(thinking.Signature):
                FlushCalls(output);
                WritePiece(output, w => GeminiResponseWriter.WriteThought(w, thinking.Text, thinking.Signature), null, null);
                break;
            case ToolCallStartEvent call:
                while (_calls.Count <= call.Index)
                {
                    _calls.Add(("", "", new StringBuilder()));
                }

                _calls[call.Index] = (call.Id, call.Name, _calls[call.Index].Arguments);
                break;
            case ToolCallDeltaEvent delta:
                while (_calls.Count <= delta.Index)
                {
                    _calls.Add(("", "", new StringBuilder()));
                }

                _calls[delta.Index].Arguments.Append(delta.ArgumentsDelta);
                break;
            case FinishEvent finish:
                _finish = finish.Reason;
                break;
        }
    }

    /// <summary>The last piece: calls still held, finishReason and usage; then the array's end.</summary>
    public void WriteEnd(TokenUsage usage, IBufferWriter<byte> output)
    {
        FlushCalls(output);
        WritePiece(output, null, GeminiResponseWriter.FinishReasonOf(_finish ?? FinishReason.Stop), usage);
        CloseArray(output);
    }

    /// <summary>An error after the stream started: Google's error object as the stream's last piece.</summary>
    public void WriteError(IBufferWriter<byte> output, PurserError error)
    {
        OpenPiece(output);
        using (var writer = new Utf8JsonWriter(output, JsonWriting.Options))
        {
            GeminiErrors.WriteError(writer, error);
        }

        ClosePiece(output);
        CloseArray(output);
    }

    /// <summary>A Gemini upstream's own event: forwarded as it is, or (for a JSON-array client) its data as an element.</summary>
    public void WritePassthrough(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (_sse)
        {
            output.Write(sseEvent);
            return;
        }

        string data = SseData(sseEvent);
        if (data.Length == 0)
        {
            return;
        }

        OpenPiece(output);
        output.Write(Encoding.UTF8.GetBytes(data));
        ClosePiece(output);
    }

    /// <summary>The closing piece after a passthrough (the upstream's pieces carried finishReason and usage): the array's end.</summary>
    public void WritePassthroughEnd(IBufferWriter<byte> output)
    {
        if (!_sse)
        {
            OpenArrayIfNeeded(output);
            CloseArray(output);
        }
    }

    private void FlushCalls(IBufferWriter<byte> output)
    {
        if (_calls.Count == 0)
        {
            return;
        }

        var calls = _calls.ToList();
        _calls.Clear();
        WritePiece(output, w =>
        {
            foreach (var (id, name, arguments) in calls)
            {
                GeminiResponseWriter.WriteCall(w, id, name, arguments.ToString());
            }
        }, null, null);
    }

    private void WritePiece(IBufferWriter<byte> output, Action<Utf8JsonWriter>? parts, string? finishReason, TokenUsage? usage)
    {
        OpenPiece(output);
        using (var writer = new Utf8JsonWriter(output, JsonWriting.Options))
        {
            GeminiResponseWriter.WriteResponse(writer, parts, finishReason, usage, _model, _id);
        }

        ClosePiece(output);
    }

    private void OpenPiece(IBufferWriter<byte> output)
    {
        if (_sse)
        {
            output.Write(SsePrefix);
        }
        else if (!OpenArrayIfNeeded(output))
        {
            output.Write(",\r\n"u8);
        }
    }

    private void ClosePiece(IBufferWriter<byte> output)
    {
        if (_sse)
        {
            output.Write(SseEnd);
        }
    }

    /// <summary>Writes "[" before the first element; false when the array was already open.</summary>
    private bool OpenArrayIfNeeded(IBufferWriter<byte> output)
    {
        if (_arrayOpen)
        {
            return false;
        }

        _arrayOpen = true;
        output.Write("["u8);
        return true;
    }

    private void CloseArray(IBufferWriter<byte> output)
    {
        if (!_sse)
        {
            output.Write("]"u8);
        }
    }

    /// <summary>The data of an SSE event ("data:" lines joined).</summary>
    private static string SseData(ReadOnlySpan<byte> sseEvent)
    {
        var data = new StringBuilder();
        foreach (string line in Encoding.UTF8.GetString(sseEvent).Split('\n'))
        {
            string trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(trimmed.AsSpan(5).TrimStart(' '));
            }
        }

        return data.ToString();
    }
}
