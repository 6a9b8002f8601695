using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Providers.Http;
using Purser.Providers.Sse;

namespace Purser.Providers.OpenAI;

/// <summary>Any OpenAI-compatible Chat Completions server: OpenAI, xAI, OpenRouter, Ollama, Groq, DeepSeek, Mistral, vLLM…</summary>
public sealed class OpenAIProvider : HttpChatProvider
{
    private readonly Uri _chatUri;
    private readonly string? _apiKey;
    private readonly bool _useMaxCompletionTokens;

    public OpenAIProvider(string name, ProviderOptions options, string? apiKey, HttpClient http, TimeProvider time, ILogger logger)
        : base(name, options, http, time, logger)
    {
        string baseUrl = (options.BaseUrl ?? "https://api.openai.com/v1").TrimEnd('/');
        _chatUri = new Uri(baseUrl + "/chat/completions");
        _apiKey = apiKey;
        _useMaxCompletionTokens = _chatUri.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase);
    }

    public override WireProtocol Protocol => WireProtocol.OpenAIChat;

    protected override Uri BuildUri(ProviderRequest request, bool stream) => _chatUri;

    protected override void AddHeaders(HttpRequestMessage message, ProviderRequest request)
    {
        if (!string.IsNullOrEmpty(_apiKey))
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _apiKey);
        }
    }

    protected override byte[] WriteBody(ProviderRequest request, bool stream) =>
        OpenAIRequestWriter.Write(request.Request, request.Deployment.Model, stream, _useMaxCompletionTokens, request.SystemAddition, request.Translation);

    protected override ChatResponse ReadResponse(ReadOnlySpan<byte> body) => OpenAIResponseReader.Read(body);

    protected override IStreamParser CreateStreamParser(ProviderRequest request) => new OpenAIStreamParser(request.Request.StreamIncludeUsage);

    protected override string? ReadErrorMessage(ReadOnlySpan<byte> body) => OpenAIErrors.ReadMessage(body);
}
