using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Providers.Json;
using Purser.Providers.Sse;
using Purser.Providers.Translation;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Http;

/// <summary>
/// The HTTP half every wire adapter shares: send, time out, read errors, read server-sent events.
/// Failures come back as values. Provider keys travel only in request headers and never into messages.
/// </summary>
internal abstract partial class HttpChatProvider : IChatProvider
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    protected HttpChatProvider(string name, ProviderOptions options, HttpClient http, TimeProvider time, ILogger logger)
    {
        Name = name;
        Options = options;
        _http = http;
        Time = time;
        _logger = logger;
    }

    public string Name { get; }

    public abstract WireProtocol Protocol { get; }

    protected ProviderOptions Options { get; }

    /// <summary>What removes credentials from upstream error text (the factory gives one that knows every provider key).</summary>
    public UpstreamErrorScrubber Scrubber { get; init; } = UpstreamErrorScrubber.ScannerOnly;

    protected TimeProvider Time { get; }

    /// <summary>The URL of a call.</summary>
    protected abstract Uri BuildUri(ProviderRequest request, bool stream);

    /// <summary>Adds authentication and protocol headers.</summary>
    protected abstract void AddHeaders(HttpRequestMessage message, ProviderRequest request);

    /// <summary>The request body in the upstream's protocol; throws <see cref="InvalidRequestException"/> for what cannot be translated.</summary>
    protected abstract byte[] WriteBody(ProviderRequest request, bool stream);

    /// <summary>Parses a successful non-streamed answer; throws <see cref="JsonException"/> when malformed.</summary>
    protected abstract ChatResponse ReadResponse(ReadOnlySpan<byte> body);

    /// <summary>
    /// Parses a successful non-streamed answer knowing the call it answers (for adapters whose translation of the
    /// request shapes how the answer must be read back); by default <see cref="ReadResponse(ReadOnlySpan{byte})"/>.
    /// </summary>
    protected virtual ChatResponse ReadResponse(ProviderRequest request, ReadOnlySpan<byte> body) => ReadResponse(body);

    protected abstract IStreamParser CreateStreamParser(ProviderRequest request);

    /// <summary>The protocol the upstream answers a call in (an adapter may speak two, e.g. Chat Completions and Responses).</summary>
    protected virtual WireProtocol ResponseProtocol(ProviderRequest request) => Protocol;

    /// <summary>The upstream's error message in its own error format.</summary>
    protected abstract string? ReadErrorMessage(ReadOnlySpan<byte> body);

    /// <summary>
    /// The usage an answer that could not be read as a whole still reports (a billed 200 whose content is malformed):
    /// the call was billed, so its tokens are recorded. Empty when the protocol's usage object is not there.
    /// </summary>
    protected virtual TokenUsage ReadBilledUsage(JsonElement root) => default;

    public virtual async ValueTask<ProviderResponse> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request, stream: false, out PurserError? error) is not { } message)
        {
            return ProviderResponse.Fail(error!);
        }

        using (message)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(request.Timeout);
            try
            {
                using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    return ProviderResponse.Fail(ErrorFrom(response, body));
                }

                ChatResponse parsed;
                try
                {
                    parsed = ReadResponse(request, body);
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
                {
                    LogMalformed(_logger, Name, ex.Message);
                    return new ProviderResponse
                    {
                        Error = UpstreamErrors.Malformed(Name, "the body is not a valid " + TranslationName + " answer"),
                        BilledOnError = BilledUsage(body),
                    };
                }

                return new ProviderResponse { Response = parsed, RawBody = body, Protocol = ResponseProtocol(request) };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ProviderResponse.Fail(UpstreamErrors.Timeout(Name, request.Timeout));
            }
            catch (HttpRequestException ex)
            {
                return ProviderResponse.Fail(Scrubber.Clean(UpstreamErrors.Connection(Name, Describe(ex))));
            }
            catch (IOException ex)
            {
                return ProviderResponse.Fail(UpstreamErrors.Connection(Name, "the connection broke (" + ex.GetType().Name + ")"));
            }
        }
    }

    public async ValueTask<ProviderStreamResponse> StreamAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request, stream: true, out PurserError? error) is not { } message)
        {
            return ProviderStreamResponse.Fail(error!);
        }

        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                byte[] body = await ReadBoundedAsync(response, timeout.Token);
                return ProviderStreamResponse.Fail(ErrorFrom(response, body));
            }

            Stream stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            IStreamParser parser = CreateStreamParser(request);
            var chunks = ReadEventsAsync(message, response, stream, parser, ResponseProtocol(request), timeout, request.Timeout, cancellationToken);
            response = null;
            message = null;
            return new ProviderStreamResponse { Chunks = chunks };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderStreamResponse.Fail(UpstreamErrors.Timeout(Name, request.Timeout));
        }
        catch (HttpRequestException ex)
        {
            return ProviderStreamResponse.Fail(Scrubber.Clean(UpstreamErrors.Connection(Name, Describe(ex))));
        }
        catch (IOException ex)
        {
            return ProviderStreamResponse.Fail(UpstreamErrors.Connection(Name, "the connection broke (" + ex.GetType().Name + ")"));
        }
        finally
        {
            if (response is not null)
            {
                response.Dispose();
                message?.Dispose();
                timeout.Dispose();
            }
            else if (message is not null)
            {
                message.Dispose();
                timeout.Dispose();
            }
        }
    }

    private async IAsyncEnumerable<StreamChunk> ReadEventsAsync(
        HttpRequestMessage message,
        HttpResponseMessage response,
        Stream stream,
        IStreamParser parser,
        WireProtocol protocol,
        CancellationTokenSource timeout,
        TimeSpan idleTimeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = message;
        using var __ = response;
        using var ___ = timeout;
        using var reader = new SseReader(stream);
        while (true)
        {
            StreamChunk? chunk = null;
            PurserError? failure = null;
            bool end = false;
            try
            {
                SseEvent? next = await reader.ReadAsync(timeout.Token);
                if (next is null)
                {
                    end = true;
                    if (!parser.IsComplete)
                    {
                        failure = UpstreamErrors.CutOff(Name);
                    }
                }
                else
                {
                    timeout.CancelAfter(idleTimeout);
                    chunk = parser.Parse(next.Value);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = UpstreamErrors.Timeout(Name, idleTimeout);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or InvalidDataException)
            {
                LogMalformed(_logger, Name, ex.Message);
                failure = UpstreamErrors.Malformed(Name, "a stream event is not valid " + TranslationName);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                failure = parser.IsComplete ? null : UpstreamErrors.CutOff(Name);
                end = true;
            }

            if (failure is not null)
            {
                yield return new StreamChunk(protocol, ReadOnlyMemory<byte>.Empty, [new ErrorEvent(Scrubber.Clean(failure))]) { Suppress = true };
                yield break;
            }

            if (end)
            {
                yield break;
            }

            yield return Scrubber.Clean(chunk!);
        }
    }

    /// <summary>What a malformed answer's usage object still says (<see cref="ReadBilledUsage"/>); empty when the body is not JSON.</summary>
    private TokenUsage BilledUsage(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ReadBilledUsage(document.RootElement) : default;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return default;
        }
    }

    /// <summary>The protocol's name in error messages.</summary>
    protected virtual string TranslationName => TranslationCheck.Describe(Protocol);

    private HttpRequestMessage? Prepare(ProviderRequest request, bool stream, out PurserError? error)
    {
        byte[] body;
        try
        {
            body = WriteBody(request, stream);
        }
        catch (InvalidRequestException ex)
        {
            error = PurserError.BadRequest(ex.Message, ex.Param, "untranslatable");
            return null;
        }

        var message = new HttpRequestMessage(HttpMethod.Post, BuildUri(request, stream))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (stream)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        foreach (var (header, value) in Options.Headers)
        {
            message.Headers.TryAddWithoutValidation(header, value);
        }

        AddHeaders(message, request);
        error = null;
        return message;
    }

    private PurserError ErrorFrom(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        int status = (int)response.StatusCode;
        string? upstreamMessage = ReadErrorMessage(body) ?? OpenAI.OpenAIErrors.Snippet(body);
        PurserError error = MapError(status, upstreamMessage, body, RetryAfter.Read(response.Headers, Time.GetUtcNow()));
        LogUpstreamError(_logger, Name, status);
        return Scrubber.Clean(error);
    }

    /// <summary>
    /// Turns an upstream HTTP error into the error the client sees. Override to read what a protocol puts in the body
    /// rather than in headers (Gemini's RetryInfo delay, an invalid key reported as 400).
    /// </summary>
    protected virtual PurserError MapError(int status, string? upstreamMessage, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        UpstreamErrors.FromStatus(Name, status, upstreamMessage, retryAfter);

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int read;
        while (buffer.Length < MaxErrorBodyBytes && (read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "connection refused or reset",
        HttpRequestError.NameResolutionError => "the host name does not resolve",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before a response",
        HttpRequestError.InvalidResponse => "the response is not valid HTTP",
        HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
        _ when ex.InnerException is IOException => "the connection broke",
        _ => "the request failed (" + ex.HttpRequestError + ")",
    };

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Upstream {Provider} sent a malformed answer: {Detail}")]
    private static partial void LogMalformed(ILogger logger, string provider, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Upstream {Provider} answered HTTP {Status}")]
    private static partial void LogUpstreamError(ILogger logger, string provider, int status);
}
