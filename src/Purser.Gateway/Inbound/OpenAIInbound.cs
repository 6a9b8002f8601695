using System.Buffers;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.OpenAI;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Gateway.Inbound;

/// <summary>POST /v1/chat/completions.</summary>
internal sealed class OpenAIInbound : IInboundProtocol
{
    public static readonly OpenAIInbound Instance = new();

    public WireProtocol Protocol => WireProtocol.OpenAIChat;

    public ChatRequest Parse(ReadOnlySpan<byte> body) => OpenAIRequestReader.Read(body);

    public ChatRequest Parse(ReadOnlyMemory<byte> body) => OpenAIRequestReader.Read(body);

    public byte[] WriteError(PurserError error) => OpenAIErrors.WriteBody(error);

    public byte[] WriteResponse(ChatResponse response, string model, long created) => OpenAIResponseWriter.Write(response, model, created);

    public IInboundStreamWriter CreateStreamWriter(ChatRequest request, string model, long created) =>
        new Writer(new OpenAIStreamWriter(model, created, request.StreamIncludeUsage));

    private sealed class Writer(OpenAIStreamWriter writer) : IInboundStreamWriter
    {
        public void Write(StreamEvent streamEvent, IBufferWriter<byte> output) => writer.Write(streamEvent, output);

        public void WriteError(PurserError error, IBufferWriter<byte> output) => OpenAIStreamWriter.WriteError(output, error);

        public void WriteEnd(TokenUsage usage, bool passthrough, IBufferWriter<byte> output)
        {
            if (!passthrough)
            {
                writer.WriteUsage(output, usage);
            }

            OpenAIStreamWriter.WriteDone(output);
        }
    }
}
