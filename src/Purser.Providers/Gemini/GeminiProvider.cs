using System.Text.Json;
using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Embeddings;
using Purser.Errors;
using Purser.Providers.Http;
using Purser.Providers.Sse;
using Purser.Usage;

namespace Purser.Providers.Gemini;

/// <summary>
/// Google's Gemini API (generativelanguage.googleapis.com): POST {BaseUrl}/models/{model}:generateContent, and
/// :streamGenerateContent?alt=sse for streams; embeddings go to :embedContent (one input) or :batchEmbedContents. The key goes in the x-goog-api-key header, never in the URL
/// (where Google also accepts it), so it cannot leak into logs of URLs.
/// </summary>
internal sealed class GeminiProvider : HttpChatProvider
{
    /// <summary>The API root used when <see cref="ProviderOptions.BaseUrl"/> is not set.</summary>
    public const string DefaultBaseUrl = "https://generativelanguage.googleapis.com/v1beta";

    private readonly string _baseUrl;
    private readonly string? _apiKey;

    public GeminiProvider(string name, ProviderOptions options, string? apiKey, HttpClient http, TimeProvider time, ILogger logger)
        : base(name, options, http, time, logger)
    {
        _baseUrl = (options.BaseUrl ?? DefaultBaseUrl).TrimEnd('/');
        _apiKey = apiKey;
    }

    public override WireProtocol Protocol => WireProtocol.Gemini;

    protected override Uri BuildUri(ProviderRequest request, bool stream) =>
        new($"{_baseUrl}/{GeminiModel.Path(request.Deployment.Model)}:{Method(request, stream)}");

    private static string Method(ProviderRequest request, bool stream) => request.Request.Embedding is { } embedding
        ? (GeminiEmbeddingRequestWriter.IsBatch(embedding) ? "batchEmbedContents" : "embedContent")
        : stream ? "streamGenerateContent?alt=sse" : "generateContent";

    /// <summary>
    /// An embeddings call with more inputs than batchEmbedContents takes (<see cref="GeminiEmbeddingRequestWriter.MaxBatch"/>)
    /// is sent as several upstream calls of at most that many, one after another: the vectors are joined in input order and
    /// the usage summed (left to Purser's own count when any part reports none), so the call is one attempt, priced once and
    /// recorded in one ledger row. A part that fails fails the call, with the usage of the parts already answered as billed.
    /// </summary>
    public override async ValueTask<ProviderResponse> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        if (request.Request.Embedding is not { } embedding || embedding.Inputs.Count <= GeminiEmbeddingRequestWriter.MaxBatch || embedding.HasTokenInputs)
        {
            return await base.CompleteAsync(request, cancellationToken);
        }

        var vectors = new List<float[]>(embedding.Inputs.Count);
        TokenUsage usage = default;
        bool usageKnown = true;
        for (int start = 0; start < embedding.Inputs.Count; start += GeminiEmbeddingRequestWriter.MaxBatch)
        {
            int count = Math.Min(GeminiEmbeddingRequestWriter.MaxBatch, embedding.Inputs.Count - start);
            var part = new ProviderRequest(Part(request.Request, embedding, start, count), request.Deployment, request.Timeout)
            {
                RequestId = request.RequestId,
                SystemAddition = request.SystemAddition,
                Translation = request.Translation,
            };
            ProviderResponse answer = await base.CompleteAsync(part, cancellationToken);
            if (answer.Error is not null || answer.Response?.Embeddings is not { } partVectors)
            {
                return new ProviderResponse
                {
                    Error = answer.Error ?? UpstreamErrors.Malformed(Name, "the answer has no embeddings"),
                    BilledOnError = usageKnown ? usage + answer.BilledOnError : answer.BilledOnError,
                };
            }

            vectors.AddRange(partVectors);
            usageKnown &= !answer.Response.Usage.IsEmpty;
            usage += answer.Response.Usage;
        }

        return new ProviderResponse
        {
            Response = new ChatResponse { Embeddings = vectors, Usage = usageKnown ? usage : default },
            Protocol = Protocol,
        };
    }

    /// <summary>The request of inputs <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1.</summary>
    private static ChatRequest Part(ChatRequest request, EmbeddingRequest embedding, int start, int count)
    {
        var part = new EmbeddingRequest { Dimensions = embedding.Dimensions, Encoding = embedding.Encoding };
        part.Inputs.AddRange(embedding.Inputs.GetRange(start, count));
        // The raw body goes along so that each part's translation decides (and reports) the client's fields as the whole would.
        return new ChatRequest { Model = request.Model, User = request.User, Embedding = part, SourceProtocol = request.SourceProtocol, Raw = request.Raw };
    }

    protected override void AddHeaders(HttpRequestMessage message, ProviderRequest request)
    {
        if (!string.IsNullOrEmpty(_apiKey))
        {
            message.Headers.TryAddWithoutValidation("x-goog-api-key", _apiKey);
        }
    }

    protected override byte[] WriteBody(ProviderRequest request, bool stream) => request.Request.Embedding is not null
        ? GeminiEmbeddingRequestWriter.Write(request.Request, request.Deployment.Model, request.Translation)
        : GeminiRequestWriter.Write(request.Request, request.Deployment.Model, request.SystemAddition, request.Translation);

    protected override ChatResponse ReadResponse(ReadOnlySpan<byte> body) => GeminiResponseReader.Read(body);

    protected override ChatResponse ReadResponse(ProviderRequest request, ReadOnlySpan<byte> body) => request.Request.Embedding is { } embedding
        ? GeminiEmbeddingResponseReader.Read(body, GeminiEmbeddingRequestWriter.IsBatch(embedding), embedding.Inputs.Count)
        : GeminiResponseReader.Read(body);

    protected override IStreamParser CreateStreamParser(ProviderRequest request) => new GeminiStreamParser();

    protected override string? ReadErrorMessage(ReadOnlySpan<byte> body) => GeminiErrors.ReadMessage(body);

    protected override TokenUsage ReadBilledUsage(JsonElement root) =>
        root.TryGetProperty("usageMetadata", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object ? GeminiUsage.Read(usage) : default;

    protected override PurserError MapError(int status, string? upstreamMessage, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        GeminiErrors.FromUpstream(Name, status, body, retryAfter);
}
