using System.Buffers;
using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Gemini;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Gateway.Inbound;

/// <summary>
/// The Gemini API: POST /v1beta/models/{model}:generateContent, :streamGenerateContent (<c>?alt=sse</c>, or a JSON
/// array without it) and :countTokens. The model and whether to stream are in the URL, so there is one instance per call.
/// </summary>
internal sealed class GeminiInbound(string model, bool stream, bool sse) : IInboundProtocol
{
    /// <summary>For errors written before the call is understood (authentication, an unknown path).</summary>
    public static readonly GeminiInbound Errors = new("", stream: false, sse: false);

    public WireProtocol Protocol => WireProtocol.Gemini;

    public string StreamContentType => sse ? "text/event-stream; charset=utf-8" : "application/json; charset=utf-8";

    public ChatRequest Parse(ReadOnlySpan<byte> body) => GeminiRequestReader.Read(body, model, stream);

    public ChatRequest ParseCountTokens(ReadOnlySpan<byte> body) => GeminiRequestReader.ReadCountTokens(body, model);

    public void WriteTokenCount(Utf8JsonWriter writer, long tokens)
    {
        writer.WriteStartObject();
        writer.WriteNumber("totalTokens", tokens);
        writer.WriteEndObject();
    }

    public byte[] WriteError(PurserError error) => GeminiErrors.WriteBody(error);

    public byte[] WriteResponse(ChatResponse response, string model, long created) => GeminiResponseWriter.Write(response, model);

    public IInboundStreamWriter CreateStreamWriter(ChatRequest request, string model, long created) => new Writer(new GeminiStreamWriter(model, sse));

    private sealed class Writer(GeminiStreamWriter writer) : IInboundStreamWriter
    {
        public void Write(StreamEvent streamEvent, IBufferWriter<byte> output) => writer.Write(streamEvent, output);

        public void WriteError(PurserError error, IBufferWriter<byte> output) => writer.WriteError(output, error);

        public void WriteEnd(TokenUsage usage, bool passthrough, IBufferWriter<byte> output)
        {
            if (passthrough)
            {
                writer.WritePassthroughEnd(output);
            }
            else
            {
                writer.WriteEnd(usage, output);
            }
        }

        public void WritePassthrough(StreamChunk chunk, IBufferWriter<byte> output) => writer.WritePassthrough(chunk.Raw.Span, output);

        /// <summary>
        /// Nothing: the Gemini SDKs' stream readers take only data lines (an older one, which Gemini CLI bundles, fails
        /// on anything else), so the cost is not written into a Gemini stream; it is in the ledger.
        /// </summary>
        public void WriteComment(string text, IBufferWriter<byte> output)
        {
        }
    }
}
