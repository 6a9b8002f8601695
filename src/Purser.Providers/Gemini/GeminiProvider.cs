using System.Text.Json;
using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
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
public sealed class GeminiProvider : HttpChatProvider
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
