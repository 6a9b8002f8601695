using System.Buffers;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Anthropic;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Gateway.Inbound;

/// <summary>POST /v1/messages.</summary>
internal sealed class AnthropicInbound : IInboundProtocol
{
    public static readonly AnthropicInbound Instance = new();

    public WireProtocol Protocol => WireProtocol.AnthropicMessages;

    public ChatRequest Parse(ReadOnlySpan<byte> body) => AnthropicRequestReader.Read(body);

    public ChatRequest Parse(ReadOnlyMemory<byte> body) => AnthropicRequestReader.Read(body);

    public byte[] WriteError(PurserError error) => AnthropicErrors.WriteBody(error);

    public byte[] WriteResponse(ChatResponse response, string model, long created) => AnthropicResponseWriter.Write(response, model);

    public IInboundStreamWriter CreateStreamWriter(ChatRequest request, string model, long created) => new Writer(new AnthropicStreamWriter(model));

    public ChatRequest ParseCountTokens(ReadOnlySpan<byte> body) => AnthropicRequestReader.ReadCountTokens(body);

    public void WriteTokenCount(System.Text.Json.Utf8JsonWriter writer, long tokens)
    {
        writer.WriteStartObject();
        writer.WriteNumber("input_tokens", tokens);
        writer.WriteEndObject();
    }

    private sealed class Writer(AnthropicStreamWriter writer) : IInboundStreamWriter
    {
        public void Write(StreamEvent streamEvent, IBufferWriter<byte> output) => writer.Write(streamEvent, output);

        public void WriteError(PurserError error, IBufferWriter<byte> output) => AnthropicStreamWriter.WriteError(output, error);

        public void WriteEnd(TokenUsage usage, bool passthrough, IBufferWriter<byte> output)
        {
            if (!passthrough)
            {
                writer.WriteMessageDelta(output, usage);
            }

            AnthropicStreamWriter.WriteMessageStop(output);
        }
    }
}
