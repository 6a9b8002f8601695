using System.Text.Json;
using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Providers.Http;
using Purser.Providers.Sse;
using Purser.Usage;

namespace Purser.Providers.Anthropic;

/// <summary>Anthropic's Messages API (POST {BaseUrl}/v1/messages, x-api-key and anthropic-version headers).</summary>
internal sealed class AnthropicProvider : HttpChatProvider, IChatProvider
{
    /// <summary>The anthropic-version header when the configuration names none.</summary>
    public const string DefaultApiVersion = "2023-06-01";

    private readonly Uri _messagesUri;
    private readonly string? _apiKey;
    private readonly string _apiVersion;
    private readonly int _defaultMaxTokens;

    /// <param name="defaultMaxTokens">max_tokens for a translated request that names none (Anthropic requires it).</param>
    public AnthropicProvider(string name, ProviderOptions options, string? apiKey, HttpClient http, TimeProvider time, ILogger logger, int defaultMaxTokens = AnthropicRequestWriter.DefaultMaxTokens)
        : base(name, options, http, time, logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultMaxTokens, 1);
        string baseUrl = (options.BaseUrl ?? "https://api.anthropic.com").TrimEnd('/');

        // Anthropic's SDKs take the root without /v1; accept both spellings.
        _messagesUri = new Uri(baseUrl.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? baseUrl + "/messages" : baseUrl + "/v1/messages");
        _apiKey = apiKey;
        _apiVersion = string.IsNullOrWhiteSpace(options.ApiVersion) ? DefaultApiVersion : options.ApiVersion;
        _defaultMaxTokens = defaultMaxTokens;
    }

    public override WireProtocol Protocol => WireProtocol.AnthropicMessages;

    protected override Uri BuildUri(ProviderRequest request, bool stream) => _messagesUri;

    protected override void AddHeaders(HttpRequestMessage message, ProviderRequest request)
    {
        if (!string.IsNullOrEmpty(_apiKey))
        {
            message.Headers.TryAddWithoutValidation("x-api-key", _apiKey);
        }

        string version = _apiVersion;
        if (AnthropicRequestWriter.IsPassthrough(request.Request) && request.Request.ForwardHeaders is { } forwarded)
        {
            // A client speaking Anthropic's protocol keeps its beta features and API version.
            if (forwarded.TryGetValue("anthropic-beta", out string? beta))
            {
                message.Headers.TryAddWithoutValidation("anthropic-beta", beta);
            }

            if (forwarded.TryGetValue("anthropic-version", out string? clientVersion))
            {
                version = clientVersion;
            }
        }

        message.Headers.TryAddWithoutValidation("anthropic-version", version);
    }

    protected override byte[] WriteBody(ProviderRequest request, bool stream) => request.Request.Embedding is not null
        ? throw new Json.InvalidRequestException(Embeddings.EmbeddingStage.WhyNot(Protocol, request.Deployment)!, "model")
        : AnthropicRequestWriter.Write(request.Request, request.Deployment.Model, stream, _defaultMaxTokens, request.SystemAddition, request.Translation);

    /// <summary>max_tokens as written: a translated request without one gets the default (Anthropic requires it).</summary>
    long? IChatProvider.MaxOutputTokens(ChatRequest request) => AnthropicRequestWriter.SentMaxTokens(request, _defaultMaxTokens);

    protected override ChatResponse ReadResponse(ReadOnlySpan<byte> body) => AnthropicResponseReader.Read(body);

    protected override ChatResponse ReadResponse(ProviderRequest request, ReadOnlySpan<byte> body) =>
        AnthropicResponseReader.Read(body, JsonTool(request));

    protected override IStreamParser CreateStreamParser(ProviderRequest request) => new AnthropicStreamParser(Name, JsonTool(request));

    protected override string? ReadErrorMessage(ReadOnlySpan<byte> body) => AnthropicErrors.ReadMessage(body);

    protected override TokenUsage ReadBilledUsage(JsonElement root) =>
        root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object ? AnthropicUsage.Read(usage) : default;

    private static string? JsonTool(ProviderRequest request) =>
        AnthropicRequestWriter.UsesJsonTool(request.Request) ? AnthropicRequestWriter.JsonToolName : null;
}
