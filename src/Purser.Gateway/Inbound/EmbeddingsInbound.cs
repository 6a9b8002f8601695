using Purser.Chat;
using Purser.Embeddings;
using Purser.Errors;
using Purser.Providers.OpenAI;

namespace Purser.Gateway.Inbound;

/// <summary>
/// POST /v1/embeddings, per call: the answer is written in the encoding the call asked for (an OpenAI-kind upstream's
/// own answer, already in it, is forwarded as is). Recorded under the ledger operation <c>embedding</c> unless the
/// caller names another with x-purser-operation.
/// </summary>
internal sealed class EmbeddingsInbound(EmbeddingEncoding encoding) : IInboundProtocol
{
    /// <summary>The ledger operation of an embeddings call.</summary>
    public const string OperationName = "embedding";

    /// <summary>For errors before the request is parsed.</summary>
    public static readonly EmbeddingsInbound Refusal = new(EmbeddingEncoding.Float);

    public WireProtocol Protocol => WireProtocol.OpenAIEmbeddings;

    public string? Operation => OperationName;

    public ChatRequest Parse(ReadOnlySpan<byte> body) => OpenAIEmbeddingRequestReader.Read(body);

    public byte[] WriteError(PurserError error) => OpenAIErrors.WriteBody(error);

    public byte[] WriteResponse(ChatResponse response, string model, long created) => OpenAIEmbeddingResponseWriter.Write(response, model, encoding);

    public IInboundStreamWriter CreateStreamWriter(ChatRequest request, string model, long created) =>
        throw new NotSupportedException("Embeddings are never streamed.");
}
