using System.Buffers;
using Purser.Errors;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Gateway.Inbound;

/// <summary>Writes a stream in the client's protocol from canonical events (when the upstream speaks another one).</summary>
internal interface IInboundStreamWriter
{
    void Write(StreamEvent streamEvent, IBufferWriter<byte> output);

    void WriteError(PurserError error, IBufferWriter<byte> output);

    /// <summary>
    /// Writes the protocol's closing events. <paramref name="passthrough"/> says the upstream's own events were
    /// forwarded, so only the terminal event Purser held back is missing.
    /// </summary>
    void WriteEnd(TokenUsage usage, bool passthrough, IBufferWriter<byte> output);

    /// <summary>Sees each upstream chunk forwarded as it is (same protocol), held-back terminal events included.</summary>
    void Passthrough(StreamChunk chunk)
    {
    }

    /// <summary>Forwards a same-protocol upstream event (by default its bytes as they came).</summary>
    void WritePassthrough(StreamChunk chunk, IBufferWriter<byte> output) => output.Write(chunk.Raw.Span);

    /// <summary>Writes a comment line the client ignores (Purser's cost line); by default an SSE comment.</summary>
    void WriteComment(string text, IBufferWriter<byte> output) => output.Write(System.Text.Encoding.UTF8.GetBytes(": " + text + "\n\n"));
}
