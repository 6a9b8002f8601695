using System.Text.Json;
using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Providers.Http;
using Purser.Providers.Responses;
using Purser.Providers.Sse;
using Purser.Usage;

namespace Purser.Providers.OpenAI;

/// <summary>
/// Any OpenAI-compatible Chat Completions server: OpenAI, xAI, OpenRouter, Ollama, Groq, DeepSeek, Mistral, vLLM… A
/// Responses client's call goes to <c>/responses</c> untranslated when the provider has that API
/// (<see cref="ProviderOptions.ResponsesApi"/>), and is translated to Chat Completions otherwise. An embeddings call goes
/// to <c>/embeddings</c> as the client sent it (model replaced) and its answer is forwarded as is.
/// </summary>
internal sealed class OpenAIProvider : HttpChatProvider, IChatProvider
{
    private readonly Uri _chatUri;
    private readonly Uri _responsesUri;
    private readonly Uri _embeddingsUri;
    private readonly bool _responsesApi;
    private readonly string? _apiKey;
    private readonly bool _useMaxCompletionTokens;
    private readonly OpenAIUsageDialect _dialect;

    public OpenAIProvider(string name, ProviderOptions options, string? apiKey, HttpClient http, TimeProvider time, ILogger logger)
        : base(name, options, http, time, logger)
    {
        string baseUrl = (options.BaseUrl ?? "https://api.openai.com/v1").TrimEnd('/');
        _chatUri = new Uri(baseUrl + "/chat/completions");
        _responsesUri = new Uri(baseUrl + "/responses");
        _embeddingsUri = new Uri(baseUrl + "/embeddings");
        _apiKey = apiKey;
        _useMaxCompletionTokens = _chatUri.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase);
        _responsesApi = options.ResponsesApi ?? _useMaxCompletionTokens;
        _dialect = DialectOf(name, _chatUri);
    }

    /// <summary>xAI (a provider named xai or grok, or api.x.ai) counts reasoning apart; every other server as OpenAI does.</summary>
    internal static OpenAIUsageDialect DialectOf(string name, Uri uri) =>
        WellKnownProvider.Find(name)?.Name == "xai" || uri.Host.Equals("api.x.ai", StringComparison.OrdinalIgnoreCase)
            ? OpenAIUsageDialect.ReasoningApart
            : OpenAIUsageDialect.Standard;

    public override WireProtocol Protocol => WireProtocol.OpenAIChat;

    protected override Uri BuildUri(ProviderRequest request, bool stream) =>
        request.Request.Embedding is not null ? _embeddingsUri : Passthrough(request) ? _responsesUri : _chatUri;

    protected override WireProtocol ResponseProtocol(ProviderRequest request) =>
        request.Request.Embedding is not null ? WireProtocol.OpenAIEmbeddings : Passthrough(request) ? WireProtocol.OpenAIResponses : WireProtocol.OpenAIChat;

    /// <summary>A Responses client's call to a provider with the Responses API: sent and answered in that protocol.</summary>
    private bool Passthrough(ProviderRequest request) => _responsesApi && request.Request.SourceProtocol == WireProtocol.OpenAIResponses && request.Request.Raw is not null;

    protected override void AddHeaders(HttpRequestMessage message, ProviderRequest request)
    {
        if (!string.IsNullOrEmpty(_apiKey))
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _apiKey);
        }
    }

    protected override byte[] WriteBody(ProviderRequest request, bool stream) =>
        request.Request.Embedding is not null ? OpenAIEmbeddingRequestWriter.Write(request.Request, request.Deployment.Model)
        : Passthrough(request)
        ? ResponsesRequestWriter.Write(request.Request, request.Deployment.Model, stream, request.SystemAddition)
        : OpenAIRequestWriter.Write(request.Request, request.Deployment.Model, stream, _useMaxCompletionTokens, request.SystemAddition, request.Translation);

    /// <summary>max_tokens / max_completion_tokens as written; reasoning counts within it (a thinking budget becomes an effort).</summary>
    long? IChatProvider.MaxOutputTokens(ChatRequest request) => request.MaxTokens;

    protected override ChatResponse ReadResponse(ReadOnlySpan<byte> body) => OpenAIResponseReader.Read(body, _dialect);

    protected override ChatResponse ReadResponse(ProviderRequest request, ReadOnlySpan<byte> body) =>
        request.Request.Embedding is { } embedding ? OpenAIEmbeddingResponseReader.Read(body, embedding.Inputs.Count)
        : Passthrough(request) ? ResponsesResponseReader.Read(body) : OpenAIResponseReader.Read(body, _dialect);

    protected override IStreamParser CreateStreamParser(ProviderRequest request) =>
        Passthrough(request) ? new ResponsesStreamParser() : new OpenAIStreamParser(request.Request.StreamIncludeUsage, _dialect);

    protected override string? ReadErrorMessage(ReadOnlySpan<byte> body) => OpenAIErrors.ReadMessage(body);

    protected override TokenUsage ReadBilledUsage(JsonElement root) =>
        root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object ? OpenAIUsage.Read(usage, _dialect) : default;
}
